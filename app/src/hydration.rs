//! The app's files in the page's head: its stylesheet, and the script that
//! brings a server-rendered page to life in the browser. Their names, with the
//! content hash of the release build, are read once per process, not once per
//! page.
//!
//! Leptos's own `HydrationScripts` asks for the app's JavaScript and wasm in
//! the page's `<head>`, and for the code of a page loaded when visited, with
//! preload links. A phone on a slow network then spends its first seconds on
//! half a megabyte of code before it has painted what the server already sent.
//! Here nothing is asked for until the browser is idle after its first paint:
//! what the server rendered shows at once, and the page answers to taps as soon
//! as the code has arrived. The code of a lazily loaded page is fetched while
//! hydrating, when the router reaches it.

use leptos::prelude::*;

/// The module script that fetches the app's code once the browser is idle and
/// hydrates the page with it.
#[component]
pub fn HydrateWhenIdle(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let AppFiles { js, wasm, .. } = app_files(&options);
        let root = format!("/{}", options.site_pkg_dir);
        let script = format!(
            "const run = () => import({js:?}).then((app) => app.default({{ module_or_path: {wasm:?} }}).then(() => app.hydrate()));\n\
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
