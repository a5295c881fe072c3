//! The browser's files: their hashed names, how long browsers keep them,
//! and the service worker that keeps the app shell for offline use.
//!
//! A release build by cargo-leptos names the files of `/pkg/` after a hash
//! of their content (`hash-files` in `Cargo.toml`) and writes the hashes to
//! `hash.txt` beside the server binary, where the page's hydration script
//! (`app::hydration`) and Leptos' `HashedStylesheet` read them. A hashed
//! file never changes, so browsers keep it for a year without asking; a page
//! is asked for again every time, and so finds the names of the next build.

use std::path::PathBuf;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;

/// Where cargo-leptos writes the hashes of a build: beside the binary.
fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let path = std::env::current_exe()
        .ok()?
        .parent()?
        .join(options.hash_file.as_ref());
    path.exists().then_some(path)
}

/// The files of the build being served, as URLs.
#[derive(Debug, Clone)]
pub struct Assets {
    /// Changes with every build that changes a file.
    pub build: String,
    pub files: Vec<String>,
}

impl Assets {
    /// Turns hashed names on when the build wrote its hashes, and reads them.
    pub fn of_build(options: &mut LeptosOptions) -> Assets {
        let hashes = hash_file(options).and_then(|path| std::fs::read_to_string(path).ok());
        options.hash_files = hashes.is_some();
        let hash_of = |kind: &str| {
            hashes.as_deref().and_then(|text| {
                text.lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(name, _)| name.trim() == kind)
                    .map(|(_, hash)| format!(".{}", hash.trim()))
            })
        };
        let name = &options.output_name;
        let pkg = &options.site_pkg_dir;
        let files = [("js", "js"), ("wasm", "wasm"), ("css", "css")]
            .iter()
            .map(|(kind, extension)| {
                let hash = hash_of(kind).unwrap_or_default();
                format!("/{pkg}/{name}{hash}.{extension}")
            })
            .collect();
        Assets {
            build: hash_of("wasm").unwrap_or_default(),
            files,
        }
    }

    /// The service worker, told which files make the app shell of this build.
    pub fn service_worker(&self) -> String {
        let files: Vec<String> = self.files.iter().map(|file| format!("{file:?}")).collect();
        include_str!("../static/sw.js")
            .replace("\"/*BUILD*/\"", &format!("{:?}", self.build))
            .replace("/*BUILD_FILES*/", &files.join(", "))
    }
}

/// How long browsers may keep what they get: a hashed file of `/pkg/` a year
/// without asking again; a page or an answer, only until the next request.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let hashed =
        path.starts_with("/pkg/") && !path.starts_with("/pkg/snippets/") && is_hashed(path);
    let mut response = next.run(request).await;
    if !response.status().is_success() || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let policy = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Whether a file name carries a hash: `name.<hash>.ext`, the hash 22
/// characters of URL-safe base64.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let mut parts = file.rsplit('.');
    let (_extension, hash) = (parts.next(), parts.next());
    hash.is_some_and(|hash| {
        hash.len() == 22
            && hash
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The service worker, at the root so that it controls every page.
pub async fn service_worker(script: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        script,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_hash_are_kept_for_a_year() {
        assert!(is_hashed("/pkg/baedal.Zr7Hd9Wu0Dq2xYkXo3aN1g.wasm"));
        assert!(!is_hashed("/pkg/baedal.wasm"));
        assert!(!is_hashed("/pkg/baedal.js"));
        assert!(!is_hashed("/pkg/some.file.with.dots.js"));
    }

    #[test]
    fn the_service_worker_names_the_files_of_its_build() {
        let assets = Assets {
            build: ".abc".into(),
            files: vec!["/pkg/baedal.abc.js".into(), "/pkg/baedal.def.wasm".into()],
        };
        let script = assets.service_worker();
        assert!(
            script.contains(r#""/pkg/baedal.abc.js", "/pkg/baedal.def.wasm""#),
            "{script}"
        );
        assert!(script.contains(r#"const BUILD = ".abc";"#), "{script}");
        assert!(!script.contains("/*BUILD"));
    }
}
