use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Stars out of five, drawn and named.
#[component]
pub fn Stars(stars: u8) -> impl IntoView {
    let i18n = use_i18n();
    let filled = usize::from(stars.min(5));
    let drawn = format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled));
    view! {
        <span class="stars" role="img" aria-label=move || i18n.stars(stars) data-stars=stars>
            {drawn}
        </span>
    }
}
