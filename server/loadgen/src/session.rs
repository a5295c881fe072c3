//! Customers for the order steps, each signed up with a session of its own.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context};
use rand::distributions::Alphanumeric;
use rand::Rng;
use tokio::task::JoinSet;

use crate::http::{Call, Conn, Target};

/// Sign-up hashes the password on the server; more at once only queue there.
const SIGN_UPS_AT_ONCE: usize = 4;

/// Signs up `count` customers; returns each one's session as a `Cookie` value.
pub async fn sign_up(
    target: &Arc<Target>,
    run_id: &str,
    count: usize,
) -> anyhow::Result<Vec<String>> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = JoinSet::new();
    for mut conn in Conn::open_many(target, SIGN_UPS_AT_ONCE.min(count)).await? {
        let next = Arc::clone(&next);
        let run_id = run_id.to_owned();
        workers.spawn(async move {
            let mut sessions = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return Ok::<_, anyhow::Error>(sessions);
                }
                sessions.push((i, sign_up_one(&mut conn, &run_id, i).await?));
            }
        });
    }
    let mut sessions = Vec::with_capacity(count);
    while let Some(done) = workers.join_next().await {
        sessions.extend(done.context("a sign-up task failed")??);
    }
    sessions.sort_unstable_by_key(|(i, _)| *i);
    Ok(sessions.into_iter().map(|(_, cookie)| cookie).collect())
}

async fn sign_up_one(conn: &mut Conn, run_id: &str, i: usize) -> anyhow::Result<String> {
    let email = format!("load-{run_id}-{i}@baedal.test");
    let name = format!("부하 손님 {i}");
    let password: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    let form = form_encode(&[
        ("email", &email),
        ("name", &name),
        ("password", &password),
        ("area", "hongdae"),
        ("address", "서울 마포구 어울마당로 1"),
    ]);
    let answer = conn
        .call(Call::form("/api/sign_up", form))
        .await
        .with_context(|| format!("signing up {email}"))?;
    if !answer.status.is_success() {
        bail!(
            "signing up {email}: HTTP {}: {}",
            answer.status.as_u16(),
            answer.text()
        );
    }
    answer
        .cookie_ending("baedal_session")
        .with_context(|| format!("signing up {email}: the answer set no baedal_session cookie"))
}

/// `application/x-www-form-urlencoded`, as a browser's form post sends it.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        for (j, text) in [key, value].into_iter().enumerate() {
            if j == 1 {
                out.push('=');
            }
            for byte in text.bytes() {
                match byte {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                        out.push(char::from(byte))
                    }
                    b' ' => out.push('+'),
                    _ => {
                        out.push('%');
                        out.push(char::from(HEX[usize::from(byte >> 4)]));
                        out.push(char::from(HEX[usize::from(byte & 0xF)]));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_encoded_as_browsers_do() {
        let form = form_encode(&[("name", "부하 손님 1"), ("email", "a+b@x.test")]);
        assert_eq!(
            form,
            "name=%EB%B6%80%ED%95%98+%EC%86%90%EB%8B%98+1&email=a%2Bb%40x.test"
        );
    }
}
