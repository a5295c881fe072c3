use domain::{OrderId, ReviewText, Stars};
use leptos::prelude::*;

use crate::api::reviews::write_review;
use crate::components::layout::ErrorNote;
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::Review;

/// The review being written: kept by the page rather than by the form, so
/// that a live change that draws the order again keeps what was chosen and
/// typed, and a review on its way.
#[derive(Clone, Copy)]
pub struct ReviewDraft {
    stars: RwSignal<Option<u8>>,
    text: RwSignal<String>,
    post: Action<(OrderId, u8, String), Result<Review, AppError>>,
}

impl ReviewDraft {
    /// An empty draft; `on_posted` runs once the server has the review.
    pub fn new(on_posted: impl Fn() + Send + Sync + 'static) -> ReviewDraft {
        let post = Action::new(move |(order, stars, text): &(OrderId, u8, String)| {
            let (order, stars, text) = (*order, *stars, text.clone());
            async move {
                let stars = Stars::parse(i64::from(stars)).map_err(AppError::refused)?;
                let text = ReviewText::parse(&text).map_err(AppError::refused)?;
                write_review(order, stars, text).await
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(_)) = post.value().get() {
                on_posted();
            }
        });
        ReviewDraft {
            stars: RwSignal::new(None),
            text: RwSignal::new(String::new()),
            post,
        }
    }
}

/// Stars and a few words about a completed order.
#[component]
pub fn ReviewForm(order: OrderId, draft: ReviewDraft) -> impl IntoView {
    let i18n = use_i18n();
    let ReviewDraft { stars, text, post } = draft;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(chosen) = stars.get_untracked() {
            post.dispatch((order, chosen, text.get_untracked()));
        }
    };
    view! {
        <form class="card review-form" data-testid="review-form" on:submit=submit>
            <h2>{move || i18n.t(Msg::WriteReview)}</h2>
            <fieldset class="star-input">
                <legend>{move || i18n.t(Msg::StarRating)}</legend>
                {(1..=5_u8)
                    .map(|n| view! {
                        <label class:lit=move || stars.get().is_some_and(|s| s >= n)>
                            <input
                                type="radio"
                                name="stars"
                                value=n
                                prop:checked=move || stars.get() == Some(n)
                                aria-label=move || i18n.stars(n)
                                on:change=move |_| stars.set(Some(n))
                            />
                            <span aria-hidden="true">"★"</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <label>
                {move || i18n.t(Msg::ReviewPrompt)}
                <textarea
                    name="text"
                    maxlength="500"
                    rows="3"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button class="primary" type="submit" disabled=move || stars.get().is_none() || post.pending().get()>
                {move || i18n.t(Msg::PostReview)}
            </button>
            {move || post.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
        </form>
    }
}
