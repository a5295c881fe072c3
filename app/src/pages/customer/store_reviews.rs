use leptos::prelude::*;

use crate::components::order_parts::date_text;
use crate::components::stars::Stars;
use crate::i18n::{use_i18n, Msg};
use crate::model::{Rating, Review};
use crate::pages::customer::terms::RatingBadge;

/// A store's average and its latest reviews, with the store's replies.
#[component]
pub fn StoreReviews(rating: Option<Rating>, reviews: Vec<Review>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="reviews" data-testid="reviews" aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">{move || i18n.t(Msg::Reviews)}" "<RatingBadge rating /></h2>
            {if reviews.is_empty() {
                view! { <p class="muted">{move || i18n.t(Msg::NoReviews)}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list">
                        {reviews.into_iter().map(|review| view! { <ReviewItem review /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// One review: stars, words, who and when, and the store's reply.
#[component]
pub fn ReviewItem(review: Review) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card review" data-testid=format!("review-{}", review.order)>
            <p class="review-head">
                <Stars stars=review.stars.get() />
                <span class="muted">{review.author}" · "<time>{date_text(review.at)}</time></span>
            </p>
            {(!review.text.is_empty()).then(|| view! { <p class="review-text">{review.text.clone()}</p> })}
            {review.reply.map(|reply| view! {
                <blockquote class="reply">
                    <strong>{move || i18n.t(Msg::OwnerReply)}</strong>
                    <p>{reply}</p>
                </blockquote>
            })}
        </li>
    }
}
