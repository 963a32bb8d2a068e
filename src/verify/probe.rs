//! One attempt of a probe, and the retry loop around attempts: capped exponential backoff with
//! jitter, `retry-after` honoured up to a cap, transient classes only.

use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::class::{classify_http, Class, Sent, Verdict};
use super::request::Headers;

/// Response bodies are read up to this many bytes; the rest is never read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// A body excerpt shown in a report is at most this many characters.
pub const EXCERPT_CHARS: usize = 300;
/// The first retry waits about this long; each next one twice as long.
const BACKOFF_BASE: Duration = Duration::from_millis(500);
/// No backoff step is longer than this.
const BACKOFF_CAP: Duration = Duration::from_secs(8);
/// A `retry-after` longer than this is not waited for: the run ends undecided.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(30);

/// What one attempt found.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// The `request-id` the API returned.
    pub request_id: Option<String>,
    #[serde(skip)]
    pub retry_after: Option<Duration>,
    /// Whether another attempt may answer differently (a TLS failure will not).
    #[serde(skip)]
    pub retryable: bool,
    #[serde(skip)]
    pub latency: Duration,
    /// The answer's error message or the start of its body, when it was not a success.
    pub body: Option<String>,
}

impl Attempt {
    /// An attempt that ended with `verdict` and no answer.
    pub fn without_answer(verdict: Verdict, latency: Duration) -> Self {
        Self {
            retryable: verdict.class.is_transient(),
            verdict,
            status: None,
            request_id: None,
            retry_after: None,
            latency,
            body: None,
        }
    }
}

/// An HTTP request ready to send (the client carries the deadlines).
pub struct HttpProbe {
    pub client: Client,
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    pub headers: Headers,
    pub body: Option<String>,
    pub sent: Sent,
    pub timeout: Duration,
    /// Proxy and CA variables in effect, for the network hints.
    pub env_hints: Vec<String>,
}

impl HttpProbe {
    /// Sends the request once and classifies what happened.
    pub fn attempt(&self) -> Attempt {
        let started = Instant::now();
        let headers = match header_map(&self.headers) {
            Ok(h) => h,
            Err(v) => return Attempt::without_answer(v, started.elapsed()),
        };
        let mut req = self
            .client
            .request(self.method.clone(), self.url.clone())
            .headers(headers);
        if let Some(body) = &self.body {
            req = req
                .header("content-type", "application/json")
                .body(body.clone());
        }
        let response = match req.send() {
            Ok(r) => r,
            Err(e) => return self.failed(&e, started),
        };
        let status = response.status().as_u16();
        let header = |n: &str| {
            response
                .headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        // Scrubbed as they arrive, before any escaping or cut: a server may echo the credential
        // in any of them, and an escaped or cut echo no longer matches the secret.
        let request_id = header("request-id")
            .or_else(|| header("x-request-id"))
            .map(|v| cut(&crate::text::printable(&crate::redact::scrub(&v)), 200));
        let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v));
        let location = header("location").map(|v| crate::redact::scrub(&v));
        let deadline = started + self.timeout;
        let body = match crate::http::read_capped_until(response, MAX_BODY_BYTES, deadline) {
            Ok((bytes, _)) => bytes,
            Err(e) => {
                let cause = if e.kind() == std::io::ErrorKind::TimedOut {
                    format!(
                        "the answer (HTTP {status}) did not arrive in full within {}",
                        humantime::format_duration(self.timeout)
                    )
                } else {
                    format!("the connection broke while reading the answer (HTTP {status}): {e}")
                };
                let mut a = self.network(cause, started, true);
                a.status = Some(status);
                return a;
            }
        };
        let mut message = error_message(&body);
        if let (300..=399, Some(to)) = (status, location) {
            message = format!("Location: {to}");
        }
        let verdict = classify_http(status, &message, &self.sent);
        let mut attempt = Attempt::without_answer(verdict, started.elapsed());
        attempt.status = Some(status);
        attempt.request_id = request_id;
        attempt.retry_after = retry_after;
        if attempt.verdict.class != Class::Ok && !message.is_empty() {
            attempt.body = Some(message);
        }
        attempt
    }

    fn failed(&self, e: &reqwest::Error, started: Instant) -> Attempt {
        let chain = error_chain(e);
        let lower = chain.to_ascii_lowercase();
        let host = self.url.host_str().unwrap_or("?");
        let port = self.url.port_or_known_default().unwrap_or(0);
        if lower.contains("unknownissuer")
            || lower.contains("unknown issuer")
            || lower.contains("invalid peer certificate")
        {
            let mut a = self.network(
                format!("TLS: {host} presented a certificate ccauth does not trust ({chain})"),
                started,
                false,
            );
            a.verdict.fix = "behind a TLS-inspecting proxy or a private CA, point SSL_CERT_FILE or NODE_EXTRA_CA_CERTS at the CA bundle (PEM)".into();
            return a;
        }
        let what = if e.is_timeout() {
            format!(
                "no answer from {host}:{port} within {}",
                humantime::format_duration(self.timeout)
            )
        } else if e.is_connect() {
            let innermost = chain.rsplit(": ").next().unwrap_or(&chain);
            format!("could not connect to {host}:{port} ({innermost})")
        } else {
            format!("the request to {host}:{port} failed ({chain})")
        };
        self.network(what, started, true)
    }

    fn network(&self, cause: String, started: Instant, retryable: bool) -> Attempt {
        let fix = if self.env_hints.is_empty() {
            "check the runner's network, DNS and ANTHROPIC_BASE_URL; a proxy is set with HTTPS_PROXY (and NO_PROXY)".to_owned()
        } else {
            format!(
                "check the runner's network and {} (set for this request)",
                self.env_hints.join(", ")
            )
        };
        let mut a =
            Attempt::without_answer(Verdict::new(Class::Network, cause, fix), started.elapsed());
        a.retryable = retryable;
        a
    }
}

/// The headers as a `HeaderMap`; a value a header cannot carry is a configuration error that
/// names the header, never the value.
fn header_map(headers: &Headers) -> Result<HeaderMap, Verdict> {
    let mut map = HeaderMap::new();
    for (name, value) in &headers.0 {
        let bad = || {
            Verdict::new(
                Class::Misconfigured,
                format!("the {name} header cannot be sent: its value has a character an HTTP header cannot carry"),
                "remove line breaks and control characters from the credential; see the padded-credential and malformed-credential findings of `ccauth lint-env`",
            )
        };
        let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
        let mut v = HeaderValue::from_str(value).map_err(|_| bad())?;
        v.set_sensitive(true);
        map.append(n, v);
    }
    Ok(map)
}

/// The API's `error.message`, else the start of the body as printable text.
fn error_message(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let from_json = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("message"))
                .and_then(|m| m.as_str())
                .map(str::to_owned)
        });
    let text = from_json.unwrap_or_else(|| text.trim().to_owned());
    shown(&text)
}

/// Text a server or the CLI sent, as verify shows it: scrubbed of every secret first (raw text,
/// so an echo matches whole), then made printable, then cut to [`EXCERPT_CHARS`].
pub fn shown(text: &str) -> String {
    cut(
        &crate::text::printable(&crate::redact::scrub(text)),
        EXCERPT_CHARS,
    )
}

/// At most `max` characters, with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// Every message in an error's source chain, joined.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// `retry-after` in seconds (an HTTP date is read as "later than the cap").
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    humantime::parse_rfc3339_weak(v)
        .ok()
        .or_else(|| httpdate(v))
        .map(|t| {
            t.duration_since(std::time::SystemTime::now())
                .unwrap_or_default()
        })
}

/// An IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`): treated as "too long to wait" when it
/// cannot be read precisely, which ends the retries.
fn httpdate(v: &str) -> Option<std::time::SystemTime> {
    v.ends_with("GMT")
        .then(|| crate::time::add(std::time::SystemTime::now(), RETRY_AFTER_CAP * 2))
}

/// The retry policy.
#[derive(Debug, Clone, Copy)]
pub struct Retries {
    /// Attempts after the first.
    pub max: u32,
}

impl Retries {
    /// The pause before retry number `n` (0-based): half of the exponential step, plus a random
    /// part of the other half, so parallel jobs spread out.
    pub fn backoff(n: u32, random: u64) -> Duration {
        let step = BACKOFF_BASE
            .saturating_mul(2u32.saturating_pow(n))
            .min(BACKOFF_CAP);
        let half = step / 2;
        let millis = u64::try_from(half.as_millis()).unwrap_or(u64::MAX).max(1);
        half + Duration::from_millis(random % millis)
    }

    /// Runs `attempt` until it is not retryable or the retries are used up; returns the last
    /// attempt and how many were made.
    pub fn run(
        self,
        mut attempt: impl FnMut() -> Attempt,
        mut sleep: impl FnMut(Duration),
    ) -> (Attempt, u32) {
        let mut made = 1;
        let mut last = attempt();
        while last.retryable && made <= self.max {
            let pause = Self::backoff(made - 1, random());
            let pause = match last.retry_after {
                Some(wait) if wait > RETRY_AFTER_CAP => break,
                Some(wait) => pause.max(wait),
                None => pause,
            };
            sleep(pause);
            last = attempt();
            made += 1;
        }
        (last, made)
    }
}

/// A random number for jitter, from the standard library's per-process random hash keys.
fn random() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(Instant::now().elapsed().as_nanos());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(class: Class, retry_after: Option<u64>) -> Attempt {
        let mut a = Attempt::without_answer(Verdict::new(class, "c", "f"), Duration::ZERO);
        a.retry_after = retry_after.map(Duration::from_secs);
        a
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        assert_eq!(Retries::backoff(0, 0), Duration::from_millis(250));
        assert_eq!(Retries::backoff(0, 249), Duration::from_millis(499));
        assert_eq!(Retries::backoff(1, 0), Duration::from_millis(500));
        assert_eq!(Retries::backoff(30, 0), Duration::from_secs(4));
        assert!(Retries::backoff(30, u64::MAX) < BACKOFF_CAP);
    }

    #[test]
    fn retries_only_transient_classes_and_counts() {
        let table: &[(&[Class], u32, Class, u32)] = &[
            (&[Class::Ok], 2, Class::Ok, 1),
            (&[Class::Invalid], 2, Class::Invalid, 1),
            (&[Class::Overloaded, Class::Ok], 2, Class::Ok, 2),
            (
                &[Class::ServerError, Class::RateLimited, Class::Overloaded],
                2,
                Class::Overloaded,
                3,
            ),
            (&[Class::Network, Class::Network], 0, Class::Network, 1),
            (
                &[Class::Network, Class::Invalid, Class::Ok],
                5,
                Class::Invalid,
                2,
            ),
        ];
        for (answers, max, want, made) in table {
            let mut it = answers.iter();
            let mut slept = Vec::new();
            let (last, n) = Retries { max: *max }.run(
                || attempt(*it.next().expect("enough answers"), None),
                |d| slept.push(d),
            );
            assert_eq!((last.verdict.class, n), (*want, *made), "{answers:?}");
            assert_eq!(slept.len() as u32, n - 1);
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let mut slept = Vec::new();
        let mut answers = vec![
            attempt(Class::Ok, None),
            attempt(Class::RateLimited, Some(7)),
        ];
        let (_, n) = Retries { max: 2 }.run(|| answers.pop().unwrap(), |d| slept.push(d));
        assert_eq!((n, slept), (2, vec![Duration::from_secs(7)]));

        let mut slept = Vec::new();
        let (last, n) = Retries { max: 2 }.run(
            || attempt(Class::RateLimited, Some(3600)),
            |d| slept.push(d),
        );
        assert_eq!(
            (last.verdict.class, n, slept.len()),
            (Class::RateLimited, 1, 0)
        );
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert!(parse_retry_after("Wed, 21 Oct 2037 07:28:00 GMT").unwrap() > RETRY_AFTER_CAP);
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn error_messages_are_extracted_and_cut() {
        assert_eq!(
            error_message(br#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#),
            "invalid x-api-key"
        );
        assert_eq!(error_message(b"<html>\x1b[31mbad"), "<html>\\u{1b}[31mbad");
        let long = error_message("x".repeat(1000).as_bytes());
        assert_eq!(long.chars().count(), EXCERPT_CHARS + 1);
    }
}
