use leptos::prelude::*;

use crate::api::notifications::{dead_letters, notification_inbox, RetryNotification};
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::clock_time;
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::DeadLetter;

/// The operator's view of the local KakaoTalk/SMS inbox.
#[component]
pub fn AdminInbox() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let inbox = Resource::new(move || live.tick.get(), |_| notification_inbox());
    view! {
        <DeadLetters />
        <h1>{move || i18n.t(Msg::ProviderInbox)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(entries) if entries.is_empty() => {
                        view! { <p class="empty">{move || i18n.t(Msg::NoNotifications)}</p> }.into_any()
                    }
                    Ok(entries) => {
                        view! {
                            <table class="inbox">
                                <tbody>
                                    {entries
                                        .into_iter()
                                        .map(|entry| {
                                            view! {
                                                <tr>
                                                    <td>{clock_time(entry.at)}</td>
                                                    <td>{entry.channel}</td>
                                                    <td>{entry.phone}</td>
                                                    <td>{entry.text}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Notifications that ran out of attempts, each with a button to send it again.
#[component]
fn DeadLetters() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let retry = ServerAction::<RetryNotification>::new();
    let letters = Resource::new(
        move || (live.tick.get(), retry.version().get()),
        |_| dead_letters(),
    );
    view! {
        <h1>{move || i18n.t(Msg::DeadLetters)}</h1>
        {move || retry.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match letters.await {
                    Ok(letters) if letters.is_empty() => {
                        view! { <p class="empty" data-testid="no-dead-letters">{move || i18n.t(Msg::NoDeadLetters)}</p> }
                            .into_any()
                    }
                    Ok(letters) => {
                        view! {
                            <table class="inbox dead-letters">
                                <tbody>
                                    {letters
                                        .into_iter()
                                        .map(|letter| view! { <DeadLetterRow letter retry /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DeadLetterRow(letter: DeadLetter, retry: ServerAction<RetryNotification>) -> impl IntoView {
    let i18n = use_i18n();
    let outbox_id = letter.outbox_id;
    let href = letter.href.clone();
    view! {
        <tr data-testid=format!("dead-letter-{outbox_id}")>
            <td>{clock_time(letter.created_at)}</td>
            <td>{letter.channel}</td>
            <td>{letter.recipient_name}</td>
            <td>
                <a href=href>{letter.href}</a>
            </td>
            <td>
                {letter.attempts}" "{move || i18n.t(Msg::Attempts)}
                <br />
                <span class="error-text">{letter.last_error}</span>
            </td>
            <td>
                <button
                    class="secondary"
                    disabled=move || retry.pending().get()
                    on:click=move |_| {
                        retry.dispatch(RetryNotification { outbox_id });
                    }
                >
                    {move || i18n.t(Msg::RetryDelivery)}
                </button>
            </td>
        </tr>
    }
}
