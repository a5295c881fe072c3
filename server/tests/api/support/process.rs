//! The server binary as a separate process on its own database, which a
//! test can kill without warning (SIGKILL) and start again.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct ServerProcess {
    pub base: String,
    child: Child,
}

impl ServerProcess {
    /// Starts `server` on `database_url` with demo data and these settings,
    /// and waits until it listens.
    pub async fn start(database_url: &str, settings: &[(&str, &str)]) -> ServerProcess {
        let site = std::env::temp_dir().join("baedal-test-site");
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .env("BAEDAL_DATABASE_URL", database_url)
            .env("BAEDAL_ADDR", "127.0.0.1:0")
            .env("BAEDAL_DEMO", "1")
            .env("BAEDAL_SIGN_IN_PER_MINUTE", "100000")
            .env("BAEDAL_ORDERS_PER_MINUTE", "100000")
            .env("LEPTOS_OUTPUT_NAME", "baedal")
            .env("LEPTOS_SITE_ROOT", &site)
            .env("LEPTOS_SITE_PKG_DIR", "pkg")
            .env("LEPTOS_ENV", "PROD")
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info");
        for (name, value) in settings {
            command.env(name, value);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("its output");
        let (found, listening) = tokio::sync::oneshot::channel();
        // Reads the address it announces, then keeps draining its output.
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some((_, rest)) = line.split_once("listening on http://") {
                    let addr = rest.split_whitespace().next().unwrap_or_default();
                    if let Some(found) = found.take() {
                        let _ = found.send(format!("http://{addr}"));
                    }
                }
            }
        });
        let base = tokio::time::timeout(Duration::from_secs(60), listening)
            .await
            .expect("the server listens in time")
            .expect("the server announces its address");
        ServerProcess { base, child }
    }

    /// Kills the process at once, as a power cut would.
    pub fn kill(mut self) {
        self.child.kill().expect("the server is killed");
        self.child.wait().expect("the server is gone");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
