use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::model::RankedDish;

const WIDTH: f64 = 640.0;
const LABEL: f64 = 150.0;
const ROW: f64 = 34.0;
const BAR: f64 = 24.0;

/// A bar's length for `quantity` when the longest bar is `most`.
pub fn bar_length(quantity: i64, most: i64, room: f64) -> f64 {
    if most <= 0 || quantity <= 0 {
        return 0.0;
    }
    room * (quantity.min(most) as f64) / (most as f64)
}

/// The week's most delivered dishes as horizontal bars, drawn in plain SVG.
#[component]
pub fn TopDishesChart(dishes: Vec<RankedDish>) -> impl IntoView {
    let i18n = use_i18n();
    if dishes.is_empty() {
        return view! { <p class="muted" data-testid="no-top-dishes">{move || i18n.t(Msg::NoRanking)}</p> }.into_any();
    }
    let most = dishes.iter().map(|dish| dish.quantity).max().unwrap_or(0);
    let height = ROW * dishes.len() as f64;
    let room = WIDTH - LABEL - 60.0;
    let summary = dishes
        .iter()
        .map(|dish| format!("{} {}", dish.name, dish.quantity))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <svg
            class="top-dishes"
            data-testid="top-dishes-chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            role="img"
            aria-label=move || format!("{}: {summary}", i18n.t(Msg::TopDishesWeek))
        >
            {dishes
                .into_iter()
                .enumerate()
                .map(|(row, dish)| {
                    let y = ROW * row as f64;
                    let length = bar_length(dish.quantity, most, room);
                    view! {
                        <g class="bar" data-testid="top-dish">
                            <text x=LABEL - 8.0 y=y + BAR * 0.7 text-anchor="end">{dish.name}</text>
                            <rect x=LABEL y=y width=length.max(2.0) height=BAR rx="4"></rect>
                            <text x=LABEL + length.max(2.0) + 6.0 y=y + BAR * 0.7 class="value">{dish.quantity}</text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_most_ordered() {
        assert_eq!(bar_length(10, 10, 400.0), 400.0);
        assert_eq!(bar_length(5, 10, 400.0), 200.0);
        assert_eq!(bar_length(0, 10, 400.0), 0.0);
        assert_eq!(bar_length(3, 0, 400.0), 0.0);
    }
}
