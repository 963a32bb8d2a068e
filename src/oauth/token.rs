//! The token exchange: a JSON POST (not a form) with the code, verifier, state and
//! `expires_in: 31536000`; one retry with backoff on 429 and 5xx; every failure explained.

use std::thread;
use std::time::{Duration, Instant, SystemTime};

use reqwest::blocking::Client;
use serde::Deserialize;
use serde_json::json;

use super::callback::round;
use super::{Authorization, Endpoints, OauthError, SCOPE, TOKEN_LIFETIME_SECS};
use crate::redact::scrub;

/// Wait before the one retry, unless `Retry-After` asks for longer (bounded by [`MAX_BACKOFF`]).
pub const BACKOFF: Duration = Duration::from_secs(1);
/// The longest `Retry-After` honoured.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// How much of an unexpected body is shown (redacted).
const BODY_EXCERPT: usize = 200;

/// A minted token (its `Debug` redacts the token).
#[derive(Clone)]
pub struct Minted {
    pub token: String,
    pub scope: String,
    pub expires_in: u64,
    pub created_at: SystemTime,
}

impl std::fmt::Debug for Minted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minted")
            .field("token", &crate::redact::Redacted(&self.token))
            .field("scope", &self.scope)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

impl Minted {
    /// When the token stops working (an absurd `expires_in` saturates at the end of year 9999).
    pub fn expires_at(&self) -> SystemTime {
        crate::time::add(self.created_at, Duration::from_secs(self.expires_in))
    }

    /// The output of `setup-token`: the token alone, or JSON with its expiry (RFC 3339).
    pub fn render(&self, format: TokenFormat) -> String {
        match format {
            TokenFormat::Text => format!("{}\n", self.token),
            TokenFormat::Json => {
                let doc = serde_json::json!({
                    "token": self.token,
                    "scope": self.scope,
                    "expires_in": self.expires_in,
                    "expires_at": rfc3339(self.expires_at()),
                    "created_at": rfc3339(self.created_at),
                });
                format!("{doc}\n")
            }
        }
    }
}

/// `setup-token --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFormat {
    /// The token alone on one line.
    Text,
    /// `{token, scope, expires_in, expires_at, created_at}` (times in RFC 3339).
    Json,
}

pub use crate::time::rfc3339;

/// The most bytes of a token-endpoint answer that are read.
pub const MAX_BODY_BYTES: u64 = 64 * 1024;

/// The longest token accepted from the endpoint; OAuth tokens are about 110 characters.
const MAX_TOKEN_LEN: usize = 4096;

/// A token that can be printed and exported safely: printable ASCII, no whitespace, a sane
/// length. Anything else (a line break that would inject into `$GITHUB_ENV`, terminal escapes)
/// is refused.
fn plausible_token(t: &str) -> bool {
    (16..=MAX_TOKEN_LEN).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_graphic())
}

/// A scope list: printable ASCII words separated by single spaces, at most 1 KiB.
fn plausible_scope(s: &str) -> bool {
    s.len() <= 1024 && s.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
}

/// `expires_in` as a whole number of seconds, whatever JSON number form it came in (a float
/// like `1e15`, or a value past `u64`, saturates rather than failing the mint).
fn seconds(v: &serde_json::Value) -> Option<u64> {
    v.as_u64().or_else(|| {
        v.as_f64().filter(|f| f.is_finite() && *f > 0.0).map(|f| {
            if f >= u64::MAX as f64 {
                u64::MAX
            } else {
                f as u64
            }
        })
    })
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Deserialize)]
struct ErrorResponse {
    error: serde_json::Value,
}

/// What one answer means (its `Debug` redacts a token).
#[derive(PartialEq, Eq)]
pub enum Answer {
    Token {
        token: String,
        scope: String,
        expires_in: u64,
    },
    Retry {
        status: u16,
    },
    Fail(OauthError),
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Token {
                token,
                scope,
                expires_in,
            } => f
                .debug_struct("Token")
                .field("token", &crate::redact::Redacted(token))
                .field("scope", scope)
                .field("expires_in", expires_in)
                .finish(),
            Self::Retry { status } => f.debug_struct("Retry").field("status", status).finish(),
            Self::Fail(e) => f.debug_tuple("Fail").field(e).finish(),
        }
    }
}

/// Classifies a token-endpoint answer. Pure, for tests.
pub fn classify(status: u16, body: &str) -> Answer {
    let excerpt = || {
        let text: String = scrub(body.trim()).chars().take(BODY_EXCERPT).collect();
        if text.is_empty() {
            "(empty body)".to_owned()
        } else {
            text
        }
    };
    match status {
        200..=299 => match serde_json::from_str::<TokenResponse>(body) {
            Ok(t)
                if plausible_token(t.access_token.trim())
                    && t.scope.as_deref().is_none_or(plausible_scope) =>
            {
                Answer::Token {
                    token: t.access_token.trim().to_owned(),
                    scope: t
                        .scope
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| SCOPE.to_owned()),
                    expires_in: t
                        .expires_in
                        .as_ref()
                        .and_then(seconds)
                        .unwrap_or(TOKEN_LIFETIME_SECS),
                }
            }
            _ => Answer::Fail(OauthError::BadResponse {
                status,
                body: excerpt(),
            }),
        },
        429 | 500..=599 => Answer::Retry { status },
        401 | 403 => Answer::Fail(OauthError::NoAccess { status }),
        _ => {
            let error = serde_json::from_str::<ErrorResponse>(body)
                .ok()
                .map(|e| e.error);
            // OAuth says `"error": "invalid_grant"`; some servers nest it as `{"type": …}`.
            let code = error
                .as_ref()
                .and_then(|e| e.as_str().or_else(|| e["type"].as_str()));
            if code == Some("invalid_grant") {
                Answer::Fail(OauthError::InvalidGrant)
            } else {
                Answer::Fail(OauthError::BadResponse {
                    status,
                    body: excerpt(),
                })
            }
        }
    }
}

/// Exchanges the code for the token, retrying once on 429/5xx, all within `deadline`.
pub fn exchange(
    client: &Client,
    endpoints: &Endpoints,
    auth: &Authorization,
    code: &str,
    deadline: Instant,
    started: Instant,
) -> Result<Minted, OauthError> {
    let body = json!({
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": auth.redirect_uri,
        "client_id": endpoints.client_id,
        "code_verifier": auth.verifier,
        "state": auth.state,
        "expires_in": TOKEN_LIFETIME_SECS,
    });
    let timeout = |deadline: Instant| {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(OauthError::Timeout {
                waited: round(deadline - started),
                what: "the token endpoint did not answer",
            })
        } else {
            Ok(left)
        }
    };
    for attempt in 0..2 {
        let left = timeout(deadline)?;
        let created_at = SystemTime::now();
        let response = client
            .post(&endpoints.token_url)
            .timeout(left)
            .json(&body)
            .send()
            .map_err(|e| {
                transport_error(&e, "the token endpoint did not answer", deadline, started)
            })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = read_body(response, status)?;
        match classify(status, &text) {
            Answer::Token {
                token,
                scope,
                expires_in,
            } => {
                crate::redact::remember(&token);
                return Ok(Minted {
                    token,
                    scope,
                    expires_in,
                    created_at,
                });
            }
            Answer::Fail(e) => return Err(e),
            Answer::Retry { .. } if attempt == 0 => {
                let wait = retry_after.unwrap_or(BACKOFF).clamp(BACKOFF, MAX_BACKOFF);
                let left = timeout(deadline)?;
                thread::sleep(wait.min(left));
            }
            Answer::Retry { status } => return Err(OauthError::Unavailable { status }),
        }
    }
    Err(OauthError::Unavailable { status: 0 })
}

/// A failed request: a timeout against the run's deadline, or the transport's reason.
/// The answer's body, at most [`MAX_BODY_BYTES`] (a bigger one is refused, not buffered).
fn read_body(response: reqwest::blocking::Response, status: u16) -> Result<String, OauthError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    response
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            OauthError::Http(scrub(&format!(
                "the token endpoint did not finish its answer: {e}"
            )))
        })?;
    if bytes.len() as u64 > MAX_BODY_BYTES {
        return Err(OauthError::BadResponse {
            status,
            body: format!("(an answer larger than {MAX_BODY_BYTES} bytes, not read further)"),
        });
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn transport_error(
    e: &reqwest::Error,
    what: &'static str,
    deadline: Instant,
    started: Instant,
) -> OauthError {
    if e.is_timeout() {
        OauthError::Timeout {
            waited: round(deadline - started),
            what,
        }
    } else {
        OauthError::Http(scrub(&without_url(e)))
    }
}

/// reqwest's message, which names the URL (never a secret here) and the cause.
fn without_url(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        let ok = r#"{"access_token":"sk-ant-oat01-abcdefgh","token_type":"Bearer","expires_in":31536000,"scope":"user:inference"}"#;
        assert_eq!(
            classify(200, ok),
            Answer::Token {
                token: "sk-ant-oat01-abcdefgh".into(),
                scope: "user:inference".into(),
                expires_in: 31_536_000
            }
        );
        assert_eq!(
            classify(200, r#"{"access_token":"tttttttttttttttt"}"#),
            Answer::Token {
                token: "tttttttttttttttt".into(),
                scope: "user:inference".into(),
                expires_in: TOKEN_LIFETIME_SECS
            }
        );
        // Tokens that could not be printed or exported safely are refused.
        for body in [
            r#"{"access_token":"short"}"#,
            r#"{"access_token":"sk-ant-oat01-abcdefgh
EVIL=1"}"#,
            r#"{"access_token":"sk-ant-oat01-abc[2Kdefgh"}"#,
            r#"{"access_token":"sk-ant-oat01-abc defgh"}"#,
            r#"{"access_token":"sk-ant-oat01-abcdefgh","scope":"user:inference
x"}"#,
        ] {
            assert!(
                matches!(
                    classify(200, body),
                    Answer::Fail(OauthError::BadResponse { .. })
                ),
                "{body}"
            );
        }
        for (e, want) in [
            ("1e15", 1_000_000_000_000_000),
            ("2.5", 2),
            ("-3", TOKEN_LIFETIME_SECS),
        ] {
            let body = format!(r#"{{"access_token":"tttttttttttttttt","expires_in":{e}}}"#);
            assert!(
                matches!(classify(200, &body), Answer::Token { expires_in, .. } if expires_in == want),
                "{e}"
            );
        }
        assert_eq!(
            classify(400, r#"{"error":"invalid_grant","error_description":"x"}"#),
            Answer::Fail(OauthError::InvalidGrant)
        );
        assert_eq!(
            classify(400, r#"{"error":{"type":"invalid_grant"}}"#),
            Answer::Fail(OauthError::InvalidGrant)
        );
        assert_eq!(
            classify(401, "{}"),
            Answer::Fail(OauthError::NoAccess { status: 401 })
        );
        assert_eq!(
            classify(403, ""),
            Answer::Fail(OauthError::NoAccess { status: 403 })
        );
        assert_eq!(classify(429, ""), Answer::Retry { status: 429 });
        assert_eq!(classify(503, "<html>"), Answer::Retry { status: 503 });
        assert!(matches!(
            classify(200, "<html>oops</html>"),
            Answer::Fail(OauthError::BadResponse { status: 200, .. })
        ));
        assert!(matches!(
            classify(200, r#"{"access_token":""}"#),
            Answer::Fail(OauthError::BadResponse { .. })
        ));
        assert!(
            matches!(classify(404, ""), Answer::Fail(OauthError::BadResponse { body, .. }) if body == "(empty body)")
        );
    }

    #[test]
    fn unexpected_bodies_are_redacted_and_cut() {
        let body = format!(
            "{{\"accessToken\": \"sk-ant-oat01-{}ABCD\"}} {}",
            "x".repeat(80),
            "y".repeat(500)
        );
        let Answer::Fail(OauthError::BadResponse { body: shown, .. }) = classify(200, &body) else {
            panic!()
        };
        assert!(!shown.contains(&"x".repeat(10)), "{shown}");
        assert!(shown.chars().count() <= BODY_EXCERPT);
    }
}
