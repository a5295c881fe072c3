use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::notifications::{mark_notifications_read, my_notifications};
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::clock_time;
use crate::components::push_toggle::PushToggle;
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::Notification;

/// The signed-in account's notifications, newest first; opening the page marks them read.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let list = Resource::new(move || live.tick.get(), |_| my_notifications());
    Effect::new(move |_| {
        if matches!(list.get(), Some(Ok(ref items)) if items.iter().any(|n| !n.read)) {
            leptos::task::spawn_local(async move {
                if mark_notifications_read().await.is_ok() {
                    live.tick.update(|tick| *tick += 1);
                }
            });
        }
    });
    view! {
        <h1>{move || i18n.t(Msg::Notifications)}</h1>
        <PushToggle />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => {
                        view! { <p class="empty">{move || i18n.t(Msg::NoNotifications)}</p> }.into_any()
                    }
                    Ok(items) => {
                        view! {
                            <ul class="notification-list">
                                {items.into_iter().map(|item| view! { <NotificationRow item /> }).collect_view()}
                            </ul>
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
fn NotificationRow(item: Notification) -> impl IntoView {
    let class = if item.read { "card" } else { "card unread" };
    view! {
        <li class=class>
            <A href=item.href>
                <time class="muted">{clock_time(item.at)}</time>
                <span>{item.text}</span>
            </A>
        </li>
    }
}
