use domain::Reason;
use leptos::prelude::*;

use crate::api::store::reply_review;
use crate::components::layout::ErrorNote;
use crate::components::order_parts::date_text;
use crate::components::stars::Stars;
use crate::components::text::one_line;
use crate::error::{AppError, Field};
use crate::i18n::{use_i18n, Msg};
use crate::model::Review;

/// Recent reviews, each with the store's reply or a form to write one.
#[component]
pub fn ReviewReplies(reviews: Vec<Review>) -> impl IntoView {
    let i18n = use_i18n();
    if reviews.is_empty() {
        return view! { <p class="muted">{move || i18n.t(Msg::NoReviews)}</p> }.into_any();
    }
    view! {
        <ul class="review-list">
            {reviews.into_iter().map(|review| view! { <ReviewWithReply review /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ReviewWithReply(review: Review) -> impl IntoView {
    let i18n = use_i18n();
    let order = review.order;
    let reply = RwSignal::new(review.reply.clone());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(words) = Reason::parse(&one_line(&text.get_untracked(), Reason::MAX_CHARS)) else {
            return error.set(Some(AppError::invalid(Field::Reply)));
        };
        sending.set(true);
        leptos::task::spawn_local(async move {
            let answer = reply_review(order, words).await;
            sending.set(false);
            match answer {
                Ok(review) => {
                    reply.set(review.reply);
                    error.set(None);
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    view! {
        <li class="card review" data-testid=format!("review-{order}")>
            <p class="review-head">
                <Stars stars=review.stars.get() />
                <span class="muted">{review.author.clone()}" · "<time>{date_text(review.at)}</time>" · #"{order.get()}</span>
            </p>
            {(!review.text.is_empty()).then(|| view! { <p class="review-text">{review.text.clone()}</p> })}
            {move || match reply.get() {
                Some(words) => view! {
                    <blockquote class="reply" data-testid="reply">
                        <strong>{move || i18n.t(Msg::OwnerReply)}</strong>
                        <p>{words}</p>
                    </blockquote>
                }
                .into_any(),
                None => view! {
                    <form class="reply-form" on:submit=send>
                        <label>
                            {move || i18n.t(Msg::WriteReply)}
                            <textarea
                                maxlength="200"
                                prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))
                            ></textarea>
                        </label>
                        {move || error.get().map(|error| view! { <ErrorNote error /> })}
                        <button type="submit" class="primary" disabled=move || sending.get() || text.get().trim().is_empty()>
                            {move || i18n.t(Msg::PostReply)}
                        </button>
                    </form>
                }
                .into_any(),
            }}
        </li>
    }
}
