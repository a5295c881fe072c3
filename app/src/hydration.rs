//! What the page's head holds of the app: its stylesheet, the script that
//! brings a server-rendered page to life in the browser, and the one that
//! keeps what is tapped and typed until then. The files' names, with the
//! content hash of the release build, are read once per process, not once
//! per page.
//!
//! Leptos's own `HydrationScripts` asks for the app's JavaScript and wasm in
//! the page's `<head>`, and for the code of a page loaded when visited, with
//! preload links. A phone on a slow network then spends its first seconds on
//! half a megabyte of code before it has painted what the server already sent.
//! Here nothing is asked for until the browser is idle after its first paint:
//! what the server rendered shows at once, and the page answers to taps as soon
//! as the code has arrived. The code of a lazily loaded page is fetched while
//! hydrating, when the router reaches it.
//!
//! Hydrating runs in the browser's main thread, and so does compiling each
//! function of the WebAssembly the first time it is called: in one task, that
//! blocks a phone for long enough to delay a tap. It runs in four, and the
//! browser answers input between them: setting up the module, setting up the
//! app, hydrating the top bar, and hydrating the page ([`OwnTask`]). A page
//! loaded when visited hydrates after its code has arrived, in a task of its
//! own too, and a page can hydrate its parts in further ones: the routes are
//! flat, and flat routes hydrate a page asynchronously. Until the page has
//! hydrated, a link tapped is followed by the browser, as without
//! JavaScript (`browser::LinksFollowedUntilHydrated`): the router, which
//! starts before the page under it, would lose a navigation begun then. A
//! button of the page tapped then is kept, from when the browser reads the
//! page's head, and tapped again once the page has hydrated, after what was
//! entered meanwhile (text, a choice) has been given to the page, and so is
//! a button of the top bar (`KEPT_UNTIL_HYDRATED`): an "Add" tapped on a
//! slow phone before the code has arrived still adds, and a coupon typed
//! then is applied.

use leptos::prelude::*;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};

/// The module script that fetches the app's code once the browser is idle and
/// hydrates the page with it. A module script waits for the whole page to
/// have been read.
#[component]
pub fn HydrateWhenIdle(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let AppFiles { js, wasm, .. } = app_files(&options);
        let root = format!("/{}", options.site_pkg_dir);
        let script = format!(
            "const nextTask = () => new Promise((go) => setTimeout(go, 0));\n\
             const run = () => import({js:?}).then((app) => app.default({{ module_or_path: {wasm:?} }}).then(nextTask).then(() => app.hydrate()));\n\
             if ('requestIdleCallback' in window) requestIdleCallback(run, {{ timeout: 2000 }}); else setTimeout(run, 0);",
            js = format!("{root}/{js}"),
            wasm = format!("{root}/{wasm}"),
        );
        view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
    }
}

/// The script that keeps what is done in the page before it has hydrated
/// ([`KEPT_UNTIL_HYDRATED`]): a classic script, which runs where the
/// browser reads it. First in the head, before the stylesheet, which a
/// classic script after it would wait for.
#[component]
pub fn KeepUntilHydrated() -> impl IntoView {
    #[cfg(feature = "ssr")]
    view! { <script nonce=leptos::nonce::use_nonce()>{KEPT_UNTIL_HYDRATED}</script> }
}

/// Keeps the buttons of the page (in `<main>`) and of the top bar tapped
/// before the page has hydrated, and taps them again once it has, one a
/// task: the page's own listeners are not all there before, and the tap
/// would do nothing. It runs as the browser reads the page's head, so a tap
/// on what is shown while the rest of the page is still arriving is kept
/// too. Until then such a tap goes no further than the window, so a part
/// that hydrated early does not act on it twice; between two taps played
/// again, a button the first has made busy is disabled, and ignores the
/// second. The top bar hydrates first, and its buttons wait for the page
/// all the same: the language it switches to must reach a page that runs,
/// which renders its text again (text hydrated is the server's, not
/// rewritten). Left out: a button that submits a form, as the browser
/// submits it without JavaScript; one hydrating has taken away; and one
/// marked `data-needs-gesture`, whose work the browser allows only in a
/// person's own tap (sound, notifications).
///
/// What is entered in the page's fields before it has hydrated is kept too
/// (text typed, a choice in a list, a box ticked, in the order last
/// entered; of a group of radio buttons, only the one picked last), and
/// goes no further than the window either. It is given to the page before
/// the taps are played again: written back into each field still there
/// where hydrating has changed it (it sets a field to what the page holds),
/// and told to the page once as entered (`input` for text, `change` for a
/// choice), so that what holds the field's value, and a button that reads
/// it, has it.
#[cfg(feature = "ssr")]
const KEPT_UNTIL_HYDRATED: &str = "(() => {\n\
const root = document.documentElement;\n\
const tapped = [];\n\
const keep = (event) => {\n\
  const button = event.target.closest?.('main button, header.topbar button');\n\
  if (!button || (button.form && button.type === 'submit') || button.closest('[data-needs-gesture]')) return;\n\
  event.stopImmediatePropagation();\n\
  tapped.push(button);\n\
};\n\
addEventListener('click', keep, true);\n\
const entered = new Map();\n\
const keepEntry = (event) => {\n\
  const field = event.target;\n\
  if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(field.tagName) || field.type === 'file' || !field.closest('main')) return;\n\
  event.stopImmediatePropagation();\n\
  if (field.type === 'radio' && field.name) {\n\
    for (const other of entered.keys()) if (other.type === 'radio' && other.name === field.name && other.form === field.form) entered.delete(other);\n\
  }\n\
  entered.delete(field);\n\
  entered.set(field, { value: field.value, checked: field.checked });\n\
};\n\
addEventListener('input', keepEntry, true);\n\
addEventListener('change', keepEntry, true);\n\
const playAgain = () => {\n\
  const button = tapped.shift();\n\
  if (!button) return;\n\
  if (button.isConnected) button.click();\n\
  setTimeout(playAgain, 0);\n\
};\n\
new MutationObserver((_, watch) => {\n\
  if (root.dataset.hydrated !== 'true') return;\n\
  watch.disconnect();\n\
  removeEventListener('click', keep, true);\n\
  removeEventListener('input', keepEntry, true);\n\
  removeEventListener('change', keepEntry, true);\n\
  for (const [field, entry] of entered) {\n\
    if (!field.isConnected) continue;\n\
    const choice = field.type === 'checkbox' || field.type === 'radio';\n\
    if (choice && field.checked !== entry.checked) field.checked = entry.checked;\n\
    if (!choice && field.value !== entry.value) field.value = entry.value;\n\
    const told = choice || field.tagName === 'SELECT' ? 'change' : 'input';\n\
    field.dispatchEvent(new Event(told, { bubbles: true }));\n\
  }\n\
  entered.clear();\n\
  setTimeout(playAgain, 0);\n\
}).observe(root, { attributeFilter: ['data-hydrated'] });\n\
})();";

/// The app's stylesheet, as `leptos_meta::HashedStylesheet` links it.
#[component]
pub fn AppStylesheet(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let href = format!("/{}/{}", options.site_pkg_dir, app_files(&options).css);
        view! { <link id="leptos" rel="stylesheet" href=href /> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
    }
}

/// The names of the app's files in the site's package folder.
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct AppFiles {
    js: String,
    wasm: String,
    css: String,
}

/// The app's file names: with the content hash that the release build writes
/// beside the server binary, or plain.
#[cfg(feature = "ssr")]
fn app_files(options: &LeptosOptions) -> AppFiles {
    use std::sync::OnceLock;
    static FILES: OnceLock<AppFiles> = OnceLock::new();
    FILES
        .get_or_init(|| {
            let name = options.output_name.to_string();
            let hashes = options
                .hash_files
                .then(|| {
                    let exe = std::env::current_exe().ok()?;
                    std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
                })
                .flatten()
                .unwrap_or_default();
            let hash_of = |kind: &str| {
                hashes.lines().find_map(|line| {
                    let (file, hash) = line.split_once(':')?;
                    (file.trim() == kind).then(|| hash.trim().to_string())
                })
            };
            let css = match hash_of("css") {
                Some(css) => format!("{name}.{css}.css"),
                None => format!("{name}.css"),
            };
            let (js, wasm) = match (hash_of("js"), hash_of("wasm")) {
                (Some(js), Some(wasm)) => {
                    (format!("{name}.{js}.js"), format!("{name}.{wasm}.wasm"))
                }
                _ if option_env!("LEPTOS_OUTPUT_NAME").is_none() => {
                    (format!("{name}.js"), format!("{name}_bg.wasm"))
                }
                _ => (format!("{name}.js"), format!("{name}.wasm")),
            };
            AppFiles { js, wasm, css }
        })
        .clone()
}

/// A view that the browser hydrates in a task of its own, after the views
/// before it; the server renders it as it is.
pub struct OwnTask<V>(pub V);

impl<V: Render> Render for OwnTask<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: RenderHtml> RenderHtml for OwnTask<V> {
    type AsyncOutput = V::AsyncOutput;
    type Owned = OwnTask<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        )
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        #[cfg(feature = "hydrate")]
        crate::browser::next_task().await;
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        OwnTask(self.0.into_owned())
    }
}

impl<V: AddAnyAttr> AddAnyAttr for OwnTask<V> {
    type Output<SomeNewAttr: Attribute> = OwnTask<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        OwnTask(self.0.add_any_attr(attr))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_view_in_its_own_task_is_rendered_as_the_view_itself() {
        // Hydration walks the server's markup: the wrapper must add nothing.
        let owner = Owner::new();
        owner.set();
        let page = || {
            view! {
                <p class="lead">"Baedal"</p>
                <ul>{(1..=3).map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            }
        };
        let plain = page().to_html();
        assert!(plain.contains("<li>2</li>"), "{plain}");
        assert_eq!(OwnTask(page()).to_html(), plain);
        assert_eq!(
            OwnTask(view! { <p>"x"</p> })
                .add_any_attr(leptos::tachys::html::class::class("own"))
                .to_html(),
            view! { <p>"x"</p> }
                .add_any_attr(leptos::tachys::html::class::class("own"))
                .to_html(),
        );
    }
}
