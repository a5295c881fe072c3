use leptos::prelude::*;

use crate::api::notifications::notification_inbox;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::clock_time;
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;

/// The operator's view of the local KakaoTalk/SMS inbox.
#[component]
pub fn AdminInbox() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let inbox = Resource::new(move || live.tick.get(), |_| notification_inbox());
    view! {
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
