//! The few things only a browser can do.

use domain::Timestamp;
use wasm_bindgen::JsCast;

use crate::lang::Lang;

/// The language the server rendered the page in.
pub fn page_lang() -> Option<Lang> {
    let root = web_sys::window()?.document()?.document_element()?;
    Lang::from_code(&root.get_attribute("lang")?)
}

/// Marks the page as running: `data-hydrated` on `<html>`, which tells a
/// test (or a script) that buttons now answer taps.
pub fn mark_hydrated() {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// Leaves a link tapped before the page has hydrated to the browser, which
/// follows it as it would without JavaScript. The router takes links over as
/// soon as it starts, before the page under it has hydrated, and a navigation
/// it begins then is lost: the address and the page stay as they were.
/// Listening ends when this is dropped.
pub struct LinksFollowedUntilHydrated {
    listener: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>,
}

impl LinksFollowedUntilHydrated {
    /// Listens to clicks in the capture phase at the window, before any
    /// listener of the page or of the router sees them, and stops those on
    /// a link from going further.
    pub fn start() -> Option<Self> {
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
            |event: web_sys::Event| {
                let on_link = event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .and_then(|element| element.closest("a[href]").ok().flatten())
                    .is_some();
                if on_link {
                    event.stop_immediate_propagation();
                }
            },
        );
        web_sys::window()?
            .add_event_listener_with_callback_and_bool(
                "click",
                listener.as_ref().unchecked_ref(),
                true,
            )
            .ok()?;
        Some(Self { listener })
    }
}

impl Drop for LinksFollowedUntilHydrated {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                self.listener.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}

/// Remembers the chosen language for later visits and marks the page with it.
pub fn remember_language(lang: Lang) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        let _ = html.set_cookie(&cookie);
    }
}

/// Now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// A fresh idempotency key for one checkout.
pub fn new_idempotency_key() -> String {
    let random = (js_sys::Math::random() * 1e15) as u64;
    format!("{:x}-{:x}", js_sys::Date::now() as u64, random)
}

/// What the browser keeps between visits, in `localStorage`. A browser that
/// refuses storage (private mode, quota) just forgets.
pub mod storage {
    fn local() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The value kept under `key`.
    pub fn get(key: &str) -> Option<String> {
        local()?.get_item(key).ok().flatten()
    }

    /// Keeps `value` under `key`.
    pub fn set(key: &str, value: &str) {
        if let Some(storage) = local() {
            let _ = storage.set_item(key, value);
        }
    }

    /// Forgets `key`.
    pub fn remove(key: &str) {
        if let Some(storage) = local() {
            let _ = storage.remove_item(key);
        }
    }
}

/// Web Push in this browser, through `js/push.js`.
pub mod push {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/push.js")]
    extern "C" {
        #[wasm_bindgen(js_name = pushSupported)]
        pub fn supported() -> bool;
        #[wasm_bindgen(js_name = registerServiceWorker)]
        pub fn register_service_worker();
        #[wasm_bindgen(catch, js_name = currentSubscription)]
        async fn current_subscription_js() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = subscribePush)]
        async fn subscribe_js(server_key: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = unsubscribePush)]
        async fn unsubscribe_js() -> Result<JsValue, JsValue>;
    }

    /// A subscription as `PushSubscription.toJSON()` gives it.
    #[derive(Debug, Clone, serde::Deserialize)]
    pub struct Subscription {
        pub endpoint: String,
        pub keys: Keys,
    }

    #[derive(Debug, Clone, serde::Deserialize)]
    pub struct Keys {
        pub p256dh: String,
        pub auth: String,
    }

    /// Why subscribing did not work.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PushRefusal {
        /// The person declined notifications for this site.
        Denied,
        /// The browser or its push service failed.
        Failed,
    }

    fn parse(value: JsValue) -> Option<Subscription> {
        serde_json::from_str(&value.as_string()?).ok()
    }

    pub async fn current() -> Option<Subscription> {
        current_subscription_js().await.ok().and_then(parse)
    }

    pub async fn subscribe(server_key: &str) -> Result<Subscription, PushRefusal> {
        match subscribe_js(server_key).await {
            Ok(value) => parse(value).ok_or(PushRefusal::Failed),
            Err(error) => {
                let denied = error
                    .dyn_ref::<js_sys::Error>()
                    .is_some_and(|error| error.message() == "denied");
                Err(if denied {
                    PushRefusal::Denied
                } else {
                    PushRefusal::Failed
                })
            }
        }
    }

    /// Unsubscribes this browser; the endpoint it had, if any.
    pub async fn unsubscribe() -> Option<String> {
        unsubscribe_js()
            .await
            .ok()
            .and_then(|value| value.as_string())
    }
}

/// The browser's position, through `js/geo.js`.
pub mod geo {
    use domain::Coordinates;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/geo.js")]
    extern "C" {
        #[wasm_bindgen(catch, js_name = currentPosition)]
        async fn current_position_js(timeout_ms: u32) -> Result<JsValue, JsValue>;
    }

    /// Why there is no position.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum NoPosition {
        /// The person declined to share it.
        Denied,
        /// The browser has none to give.
        Unavailable,
    }

    /// Where the browser is now.
    pub async fn current() -> Result<Coordinates, NoPosition> {
        let value = current_position_js(10_000).await.map_err(|error| {
            let denied = error
                .dyn_ref::<js_sys::Error>()
                .is_some_and(|error| error.message() == "denied");
            if denied {
                NoPosition::Denied
            } else {
                NoPosition::Unavailable
            }
        })?;
        let pair = js_sys::Array::from(&value);
        let (lat, lon) = (pair.get(0).as_f64(), pair.get(1).as_f64());
        lat.zip(lon)
            .and_then(|(lat, lon)| Coordinates::parse(lat, lon).ok())
            .ok_or(NoPosition::Unavailable)
    }
}

/// Short beeps through the Web Audio API. A browser lets a page make sound
/// only once someone has tapped it, so [`sound::unlock`] runs from a tap.
pub mod sound {
    use std::cell::RefCell;

    use wasm_bindgen::JsValue;
    use web_sys::{AudioContext, AudioContextState, OscillatorType};

    thread_local! {
        static CONTEXT: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
    }

    /// Makes sound possible from now on; call it from a tap. Whether the
    /// browser has sound at all.
    pub fn unlock() -> bool {
        CONTEXT.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.is_none() {
                *slot = AudioContext::new().ok();
            }
            match slot.as_ref() {
                Some(context) => {
                    let _ = context.resume();
                    true
                }
                None => false,
            }
        })
    }

    /// Two short rising tones, once sound is unlocked.
    pub fn beep() {
        CONTEXT.with(|slot| {
            if let Some(context) = slot.borrow().as_ref() {
                if context.state() == AudioContextState::Suspended {
                    let _ = context.resume();
                }
                let start = context.current_time() + 0.01;
                let _ = tone(context, 880.0, start, 0.18);
                let _ = tone(context, 1_320.0, start + 0.24, 0.24);
            }
        });
    }

    fn tone(context: &AudioContext, frequency: f32, at: f64, length: f64) -> Result<(), JsValue> {
        let oscillator = context.create_oscillator()?;
        oscillator.set_type(OscillatorType::Square);
        oscillator.frequency().set_value(frequency);
        let gain = context.create_gain()?;
        let volume = gain.gain();
        volume.set_value_at_time(0.0001, at)?;
        volume.exponential_ramp_to_value_at_time(0.35, at + 0.02)?;
        volume.exponential_ramp_to_value_at_time(0.0001, at + length)?;
        oscillator.connect_with_audio_node(&gain)?;
        gain.connect_with_audio_node(&context.destination())?;
        oscillator.start_with_when(at)?;
        oscillator.stop_with_when(at + length + 0.02)?;
        Ok(())
    }
}

/// Resolves in a later task of the browser's event loop, so that what comes
/// after it does not lengthen the task that is running.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_ok()
        });
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
