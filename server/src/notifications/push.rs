//! Web Push (RFC 8030) with VAPID (RFC 8292) and payloads encrypted as
//! RFC 8291 requires, by the `web-push` crate. The server's VAPID key is made
//! on first start and kept in the database.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use ct_codecs::{Base64UrlSafeNoPadding, Decoder, Encoder};
use web_push::{
    ContentEncoding, PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignatureBuilder,
    WebPushMessageBuilder,
};

use super::channels::{Provider, SendError};
use super::Outgoing;
use storage::records::PushSubscription;
use storage::{PushStorage, StorageError};

/// The `server_keys` row that holds the VAPID private key.
const VAPID_KEY: &str = "vapid_private_key";
/// How long a push service keeps a message for an offline browser.
const TTL_SECS: u32 = 24 * 3600;

/// The server's VAPID key pair.
#[derive(Clone)]
pub struct Vapid {
    signer: PartialVapidSignatureBuilder,
    /// The uncompressed public key, base64url: the browser's `applicationServerKey`.
    pub public_key: String,
}

impl Vapid {
    /// Loads the key, creating and storing it on first start. When two
    /// servers start at once, the first stored key wins for both.
    pub async fn load_or_create(storage: &dyn PushStorage) -> Result<Vapid, StorageError> {
        let fresh = jwt_simple::algorithms::ES256KeyPair::generate().to_bytes();
        let fresh = encode(&fresh);
        let stored = storage
            .server_key_or_insert(VAPID_KEY, &fresh, app::clock::now())
            .await?;
        Vapid::from_private(&stored).map_err(|_| storage::corrupt("the VAPID key"))
    }

    fn from_private(private_b64: &str) -> Result<Vapid, web_push::WebPushError> {
        let signer = VapidSignatureBuilder::from_base64_no_sub(private_b64)?;
        let public_key = encode(&signer.get_public_key());
        Ok(Vapid { signer, public_key })
    }
}

fn encode(bytes: &[u8]) -> String {
    Base64UrlSafeNoPadding::encode_to_string(bytes).unwrap_or_default()
}

fn decode(text: &str) -> Option<Vec<u8>> {
    Base64UrlSafeNoPadding::decode_to_vec(text.trim_end_matches('='), None).ok()
}

/// Why a subscription is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadSubscription {
    #[error("the endpoint is not an https URL")]
    Endpoint,
    #[error("the p256dh key is not an uncompressed P-256 point")]
    Key,
    #[error("the auth secret is not 16 bytes")]
    Auth,
}

/// Checks what a browser sent as its subscription. Plain `http` endpoints
/// are accepted only when `allow_http` is set (local test endpoints).
pub fn parse_subscription(
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    allow_http: bool,
) -> Result<PushSubscription, BadSubscription> {
    const LONGEST_ENDPOINT: usize = 2_048;
    let url = reqwest::Url::parse(endpoint).map_err(|_| BadSubscription::Endpoint)?;
    let scheme_ok = match url.scheme() {
        "https" => true,
        "http" => allow_http,
        _ => false,
    };
    if !scheme_ok || url.host().is_none() || endpoint.len() > LONGEST_ENDPOINT {
        return Err(BadSubscription::Endpoint);
    }
    let key = decode(p256dh).ok_or(BadSubscription::Key)?;
    if key.len() != 65 || key[0] != 0x04 {
        return Err(BadSubscription::Key);
    }
    if decode(auth).map(|auth| auth.len()) != Some(16) {
        return Err(BadSubscription::Auth);
    }
    Ok(PushSubscription {
        endpoint: endpoint.to_owned(),
        p256dh: encode(&key),
        auth: auth.trim_end_matches('=').to_owned(),
    })
}

/// What the service worker receives, decrypted.
#[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct PushPayload {
    pub title: String,
    pub body: String,
    /// The page a tap on the notification opens.
    pub url: String,
    /// Replaces an earlier notification with the same tag.
    pub tag: String,
}

/// Delivers a message to every browser the recipient subscribed.
pub struct WebPush {
    pub storage: Arc<dyn PushStorage>,
    pub vapid: Vapid,
    /// The VAPID `sub` claim: how a push service reaches the operator.
    pub contact: String,
    client: reqwest::Client,
}

impl WebPush {
    pub fn new(
        storage: Arc<dyn PushStorage>,
        vapid: Vapid,
        contact: String,
        timeout: Duration,
    ) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self {
            storage,
            vapid,
            contact,
            client,
        })
    }

    async fn push(&self, subscription: &PushSubscription, payload: &[u8]) -> Result<(), SendError> {
        let info = SubscriptionInfo::new(
            subscription.endpoint.as_str(),
            subscription.p256dh.as_str(),
            subscription.auth.as_str(),
        );
        // The audience is the push service's origin, port included (RFC 8292 §2).
        let audience = reqwest::Url::parse(&subscription.endpoint)
            .map(|url| url.origin().ascii_serialization())
            .map_err(|_| SendError::Encryption)?;
        let mut signature = self.vapid.signer.clone().add_sub_info(&info);
        signature.add_claim("sub", self.contact.as_str());
        signature.add_claim("aud", audience.as_str());
        let mut message = WebPushMessageBuilder::new(&info);
        message.set_ttl(TTL_SECS);
        message.set_payload(ContentEncoding::Aes128Gcm, payload);
        message.set_vapid_signature(signature.build().map_err(encryption_failed)?);
        let request = web_push::request_builder::build_request::<Vec<u8>>(
            message.build().map_err(encryption_failed)?,
        );
        let mut outgoing = self.client.post(request.uri().to_string());
        for (name, value) in request.headers() {
            outgoing = outgoing.header(name.as_str(), value.as_bytes());
        }
        let response = outgoing
            .body(request.into_body())
            .send()
            .await
            .map_err(|error| {
                tracing::warn!(%error, "push service request failed");
                if error.is_timeout() {
                    SendError::TimedOut
                } else {
                    SendError::Unreachable
                }
            })?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            // The browser unsubscribed or the subscription expired: forget it.
            404 | 410 => self
                .storage
                .delete_push_subscription(&subscription.endpoint)
                .await
                .map_err(|error| {
                    tracing::error!(%error, "forgetting a push subscription failed");
                    SendError::Storage
                }),
            status => Err(SendError::Rejected(status)),
        }
    }
}

fn encryption_failed(error: web_push::WebPushError) -> SendError {
    tracing::error!(%error, "building a push message failed");
    SendError::Encryption
}

#[async_trait]
impl Provider for WebPush {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let subscriptions = self
            .storage
            .push_subscriptions(message.recipient)
            .await
            .map_err(|error| {
                tracing::error!(%error, "loading push subscriptions failed");
                SendError::Storage
            })?;
        let payload = serde_json::to_vec(&PushPayload {
            title: "Baedal · 배달".into(),
            body: message.text.clone(),
            url: message.subject.href(),
            tag: message.dedupe_key.clone(),
        })
        .map_err(|_| SendError::Encryption)?;
        let mut first_failure = None;
        for subscription in &subscriptions {
            if let Err(error) = self.push(subscription, &payload).await {
                first_failure.get_or_insert(error);
            }
        }
        first_failure.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

    #[test]
    fn subscriptions_are_parsed_before_they_are_kept() {
        let parsed = parse_subscription("https://push.example/abc", KEY, AUTH, false).unwrap();
        assert_eq!(parsed.p256dh, KEY);
        let cases = [
            ("http://127.0.0.1:9/x", KEY, AUTH, BadSubscription::Endpoint),
            ("file:///etc/passwd", KEY, AUTH, BadSubscription::Endpoint),
            ("not a url", KEY, AUTH, BadSubscription::Endpoint),
            (
                "https://push.example/abc",
                "AAAA",
                AUTH,
                BadSubscription::Key,
            ),
            (
                "https://push.example/abc",
                KEY,
                "short",
                BadSubscription::Auth,
            ),
        ];
        for (endpoint, key, auth, expected) in cases {
            assert_eq!(
                parse_subscription(endpoint, key, auth, false),
                Err(expected),
                "{endpoint}"
            );
        }
        assert!(parse_subscription("http://127.0.0.1:9/x", KEY, AUTH, true).is_ok());
    }

    #[test]
    fn a_vapid_key_gives_its_public_key() {
        let private = encode(&jwt_simple::algorithms::ES256KeyPair::generate().to_bytes());
        let vapid = Vapid::from_private(&private).unwrap();
        let public = decode(&vapid.public_key).unwrap();
        assert_eq!(public.len(), 65);
        assert_eq!(public[0], 0x04);
        assert_eq!(
            Vapid::from_private(&private).unwrap().public_key,
            vapid.public_key
        );
    }
}
