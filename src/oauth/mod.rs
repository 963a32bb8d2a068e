//! The OAuth 2.0 authorization-code flow with PKCE that mints Claude Code's one-year,
//! inference-only token (`setup-token`), as the reference's section 9 describes it.

pub mod browser;
pub mod callback;
pub mod deliver;
pub mod paste;
pub mod token;

use std::io::Write;
use std::time::{Duration, Instant};

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope};
use thiserror::Error;

pub use browser::Way;
use token::Minted;

/// Writes one line of guidance; a closed stderr is not a reason to stop the login.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        let _ = writeln!($out, $($arg)*);
    };
}

/// Where the user logs in.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://claude.com/cai/oauth/authorize";
/// Where the code is exchanged for the token.
pub const DEFAULT_TOKEN_URL: &str = "https://platform.claude.com/v1/oauth/token";
/// Claude Code's public client id.
pub const DEFAULT_CLIENT_ID: &str = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";
/// The page that shows `code#state` for the paste path.
pub const MANUAL_REDIRECT_URI: &str = "https://platform.claude.com/oauth/code/callback";
/// Where the browser goes after a good loopback callback.
pub const SUCCESS_URL: &str = "https://platform.claude.com/oauth/code/success?app=claude-code";
/// The only scope requested: inference.
pub const SCOPE: &str = "user:inference";
/// One year, asked for explicitly in the token request.
pub const TOKEN_LIFETIME_SECS: u64 = 31_536_000;
/// Random bytes in the PKCE verifier and in the state (both base64url, 43 characters).
const RANDOM_BYTES: u32 = 32;

/// The endpoints and client id (overridable for tests and non-production environments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub authorize_url: String,
    pub token_url: String,
    pub client_id: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Self {
            authorize_url: DEFAULT_AUTHORIZE_URL.into(),
            token_url: DEFAULT_TOKEN_URL.into(),
            client_id: DEFAULT_CLIENT_ID.into(),
        }
    }
}

/// A started authorization: the URL to open and the secrets to finish it with (its `Debug`
/// redacts the verifier).
#[derive(Clone)]
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub verifier: String,
    pub redirect_uri: String,
}

impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("url", &self.url)
            .field("state", &self.state)
            .field("verifier", &crate::redact::Redacted(&self.verifier))
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// Why the flow failed. Every message is safe to print: none holds a token.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum OauthError {
    /// An endpoint URL does not parse.
    #[error("{0}")]
    Config(String),
    /// The authorization server answered the callback with `error=`.
    #[error("the authorization was refused: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Denied {
        error: String,
        description: Option<String>,
    },
    /// The pasted code belongs to another login than the one this run started.
    #[error("the pasted code's state does not match this login (a code from another run or another browser tab?); run ccauth setup-token again and paste the code it leads to")]
    StateMismatch,
    /// The pasted text is not `code#state`.
    #[error("{0}")]
    BadPaste(String),
    /// Nothing arrived before `--timeout`.
    #[error("gave up after {}: {what}; raise --timeout or run again", humantime::format_duration(*waited))]
    Timeout {
        waited: Duration,
        what: &'static str,
    },
    /// `invalid_grant`: the code expired or was already used.
    #[error("the authorization code expired or was already used (invalid_grant); run ccauth setup-token again and finish within a few minutes")]
    InvalidGrant,
    /// 401 or 403 from the token endpoint.
    #[error("the token endpoint refused the account (HTTP {status}): setup-token needs a Claude Pro, Max, Team or Enterprise plan with Claude Code access")]
    NoAccess { status: u16 },
    /// 429 or 5xx, twice.
    #[error(
        "the token endpoint is unavailable (HTTP {status}, also after one retry); try again later"
    )]
    Unavailable { status: u16 },
    /// A response that is not the expected JSON (shown redacted).
    #[error("unexpected answer from the token endpoint (HTTP {status}): {body}")]
    BadResponse { status: u16, body: String },
    /// The request did not go through.
    #[error("could not reach the token endpoint: {0}")]
    Http(String),
    /// A local failure: the loopback listener, stdin.
    #[error("{0}")]
    Io(String),
}

/// An authorization code as it may be sent on: 1-2048 printable ASCII characters, no whitespace.
pub fn plausible_code(code: &str) -> bool {
    (1..=2048).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_graphic())
}

/// Checks an endpoint before the login starts: https, or plain http to a loopback host only (the
/// code, the PKCE verifier and the token would otherwise cross the network in clear text).
pub fn require_https(flag: &str, url: &str) -> anyhow::Result<()> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| anyhow::anyhow!("{flag}: not a URL ({e}; the value is not shown)"))?;
    let host = parsed.host_str().unwrap_or("").trim_matches(['[', ']']);
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => anyhow::bail!(
            "{flag} must use https: it carries the authorization code, the PKCE verifier or the \
             token (plain http is accepted only for a loopback host such as 127.0.0.1)"
        ),
    }
}

/// Starts an authorization: PKCE S256 with a 32-byte verifier, a 32-byte random state, the
/// inference scope and `code=true`, for `redirect_uri`.
pub fn start(endpoints: &Endpoints, redirect_uri: &str) -> Result<Authorization, OauthError> {
    let auth_url = AuthUrl::new(endpoints.authorize_url.clone()).map_err(|e| {
        OauthError::Config(format!("--authorize-url {}: {e}", endpoints.authorize_url))
    })?;
    let redirect = RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|e| OauthError::Config(format!("redirect URI {redirect_uri}: {e}")))?;
    let client = BasicClient::new(ClientId::new(endpoints.client_id.clone()))
        .set_auth_uri(auth_url)
        .set_redirect_uri(redirect);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256_len(RANDOM_BYTES);
    let (url, state) = client
        .authorize_url(|| CsrfToken::new_random_len(RANDOM_BYTES))
        .add_extra_param("code", "true")
        .add_scope(Scope::new(SCOPE.into()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Authorization {
        url: url.to_string(),
        state: state.secret().clone(),
        verifier: verifier.secret().clone(),
        redirect_uri: redirect_uri.to_owned(),
    })
}

/// Runs the whole flow the chosen way, within `timeout`; guidance (the URL, what to paste) goes
/// to `messages`, never the token.
pub fn login(
    way: Way,
    endpoints: &Endpoints,
    client: &reqwest::blocking::Client,
    timeout: Duration,
    messages: &mut dyn Write,
) -> Result<Minted, OauthError> {
    let started = Instant::now();
    let deadline = started + timeout;
    let wait = humantime::format_duration(timeout);
    let (auth, code) = match way {
        Way::Browser => {
            let listener = callback::Listener::bind()?;
            let auth = start(endpoints, &listener.redirect_uri())?;
            say!(messages, "Opening a browser to log in with your Claude account. If none opens, open this URL:\n\n{}\n", auth.url);
            if let Err(why) = browser::open_browser(&auth.url) {
                say!(messages, "(could not open a browser: {why})");
            }
            say!(
                messages,
                "Waiting up to {wait} for the browser to come back to {} ...",
                auth.redirect_uri
            );
            let code = listener.wait(&auth.state, deadline, started)?;
            (auth, code)
        }
        Way::Paste => {
            let auth = start(endpoints, MANUAL_REDIRECT_URI)?;
            say!(messages, "Open this URL in a browser on any machine and log in with your Claude account:\n\n{}\n", auth.url);
            say!(messages, "Then paste the code the page shows (code#state) here and press Enter (waiting up to {wait}):");
            let code = paste::read_code(&auth.state, deadline, started)?;
            (auth, code)
        }
    };
    say!(messages, "Exchanging the code for a token ...");
    token::exchange(client, endpoints, &auth, &code, deadline, started)
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn authorize_url_has_every_parameter() {
        let a = start(&Endpoints::default(), "http://localhost:5555/callback").unwrap();
        let url = reqwest::Url::parse(&a.url).unwrap();
        assert_eq!(url.as_str().split('?').next(), Some(DEFAULT_AUTHORIZE_URL));
        let q: std::collections::BTreeMap<String, String> =
            url.query_pairs().into_owned().collect();
        assert_eq!(q["code"], "true");
        assert_eq!(q["client_id"], DEFAULT_CLIENT_ID);
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["redirect_uri"], "http://localhost:5555/callback");
        assert_eq!(q["scope"], "user:inference");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["state"], a.state);
        assert_eq!(a.state.len(), 43);
        assert_eq!(a.verifier.len(), 43);
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(a.verifier.as_bytes()));
        assert_eq!(q["code_challenge"], challenge);
        let b = start(&Endpoints::default(), "http://localhost:5555/callback").unwrap();
        assert_ne!(a.state, b.state);
        assert_ne!(a.verifier, b.verifier);
    }

    #[test]
    fn bad_endpoints_are_config_errors() {
        let e = Endpoints {
            authorize_url: "not a url".into(),
            ..Endpoints::default()
        };
        assert!(
            matches!(start(&e, MANUAL_REDIRECT_URI), Err(OauthError::Config(m)) if m.contains("--authorize-url"))
        );
    }

    #[test]
    fn secret_comparison() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
