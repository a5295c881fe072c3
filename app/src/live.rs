//! Live updates: one server-sent-event stream per page, at `/api/live`.
//! Each change the caller may see bumps a counter; pages key their data on it
//! and refetch, so every screen follows every change without a reload.

use leptos::prelude::*;

use crate::model::LiveNotice;
use crate::AccountResource;

/// The live state of the page.
#[derive(Debug, Clone, Copy)]
pub struct Live {
    /// Bumped on every change and on every (re)connection.
    pub tick: RwSignal<u64>,
    /// False while the stream is down.
    pub online: RwSignal<bool>,
    /// The latest in-app notification, shown as a toast.
    pub toast: RwSignal<Option<LiveNotice>>,
    /// Bumped when the rider carrying one of the customer's orders moves.
    pub rider_moved: RwSignal<u64>,
}

/// Provides [`Live`] and connects once the visitor is signed in.
pub fn provide(account: AccountResource) {
    let live = Live {
        tick: RwSignal::new(0),
        online: RwSignal::new(true),
        toast: RwSignal::new(None),
        rider_moved: RwSignal::new(0),
    };
    provide_context(live);
    Effect::new(move |connected: Option<bool>| {
        if connected == Some(true) {
            return true;
        }
        let signed_in = matches!(account.get(), Some(Ok(Some(_))));
        if signed_in {
            #[cfg(feature = "hydrate")]
            connect(live);
        }
        signed_in
    });
}

/// The page's live state.
pub fn use_live() -> Live {
    expect_context::<Live>()
}

#[cfg(feature = "hydrate")]
fn connect(live: Live) {
    use std::rc::Rc;

    use futures::StreamExt;
    use gloo_net::eventsource::futures::EventSource;
    use gloo_net::eventsource::State;

    let Ok(mut source) = EventSource::new("/api/live") else {
        live.online.set(false);
        return;
    };
    let (Ok(changes), Ok(hellos), Ok(notices), Ok(riders)) = (
        source.subscribe("change"),
        source.subscribe("hello"),
        source.subscribe("notice"),
        source.subscribe("rider"),
    ) else {
        live.online.set(false);
        return;
    };
    // The browser reconnects by itself and tells the page nothing while it
    // tries, so the connection's state is looked at every second: down at
    // two looks in a row shows the offline banner.
    let source = Rc::new(source);
    let watched = Rc::clone(&source);
    let down_before = std::cell::Cell::new(false);
    let watching = set_interval_with_handle(
        move || {
            let down = watched.state() != State::Open;
            if down && down_before.get() {
                live.online.set(false);
            } else if !down {
                live.online.set(true);
            }
            down_before.set(down);
        },
        std::time::Duration::from_secs(1),
    );
    leptos::task::spawn_local(async move {
        let mut events = futures::stream::select(
            futures::stream::select(changes, hellos),
            futures::stream::select(notices, riders),
        );
        while let Some(event) = events.next().await {
            match event {
                Ok((kind, _)) if kind == "rider" => {
                    live.rider_moved.update(|moved| *moved += 1);
                }
                Ok((kind, message)) => {
                    live.online.set(true);
                    if kind == "notice" {
                        let notice = message
                            .data()
                            .as_string()
                            .and_then(|data| serde_json::from_str(&data).ok());
                        live.toast.set(notice);
                    }
                    live.tick.update(|tick| *tick += 1);
                }
                Err(_) => live.online.set(false),
            }
        }
        if let Ok(watching) = watching {
            watching.clear();
        }
        if let Ok(source) = Rc::try_unwrap(source) {
            source.close();
        }
    });
}
