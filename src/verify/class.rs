//! What a probe's answer means: one [`Class`] per outcome, each with its exit code, whether a
//! retry can change it, and a one-line cause and fix. Classification is a pure function of the
//! status and body (or of the CLI's result), so it is tested as a table.

use serde::Serialize;

use crate::exit::ExitStatus;

/// The outcome classes of `verify` (the `class` field of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The credential works.
    Ok,
    /// 401 for an API key or an auth token: the key is wrong.
    Invalid,
    /// 401 for an OAuth token: it expired or was revoked.
    ExpiredOrRevoked,
    /// 403: valid, but not allowed (organisation policy, model access).
    Forbidden,
    /// A setup-token OAuth token used outside Claude Code (the Messages API refuses it).
    OauthRestricted,
    /// The credit balance is too low.
    Billing,
    /// 429.
    RateLimited,
    /// 529.
    Overloaded,
    /// Another 5xx.
    ServerError,
    /// DNS, connect, TLS, proxy or timeout.
    Network,
    /// The lint found errors, or the configuration cannot work.
    Misconfigured,
    /// 404: the base URL is wrong or the gateway does not serve the probed endpoint.
    NotFound,
    /// An answer no other class explains (another 4xx, a redirect).
    Unexpected,
    /// `claude` did not finish within the timeout.
    Timeout,
    /// ccauth cannot send this credential itself (an fd, an untrusted helper, a stored login
    /// that would need a refresh); `--probe claude` can.
    Unverifiable,
    /// The credential works, and its recorded expiry is inside the warning window: a warning
    /// (exit 0), a failure with `--deny warnings` or `[severity] token-expiry = "error"`.
    Expiring,
    /// The recorded expiry has passed, whatever the API answered.
    Expired,
}

impl Class {
    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Invalid => "invalid",
            Self::ExpiredOrRevoked => "expired-or-revoked",
            Self::Forbidden => "forbidden",
            Self::OauthRestricted => "oauth-restricted",
            Self::Billing => "billing",
            Self::RateLimited => "rate-limited",
            Self::Overloaded => "overloaded",
            Self::ServerError => "server-error",
            Self::Network => "network",
            Self::Misconfigured => "misconfigured",
            Self::NotFound => "not-found",
            Self::Unexpected => "unexpected",
            Self::Timeout => "timeout",
            Self::Unverifiable => "unverifiable",
            Self::Expiring => "expiring",
            Self::Expired => "expired",
        }
    }

    /// The exit code: 0 works, 1 wrong (a retry will not help), 2 cannot be checked this way,
    /// 3 undecided (the job may be retried).
    pub fn exit(self) -> ExitStatus {
        match self {
            // A warning: `Report::exit` makes it a failure when warnings are denied.
            Self::Ok | Self::Expiring => ExitStatus::Success,
            Self::RateLimited | Self::Overloaded | Self::ServerError | Self::Network => {
                ExitStatus::Undecided
            }
            Self::Timeout => ExitStatus::Undecided,
            Self::Unverifiable => ExitStatus::Usage,
            Self::Invalid
            | Self::ExpiredOrRevoked
            | Self::Forbidden
            | Self::OauthRestricted
            | Self::Billing
            | Self::Misconfigured
            | Self::NotFound
            | Self::Expired
            | Self::Unexpected => ExitStatus::Findings,
        }
    }

    /// True when another attempt may answer differently.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::Overloaded | Self::ServerError | Self::Network
        )
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A class with its cause and fix, each one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub class: Class,
    pub cause: String,
    pub fix: String,
}

impl Verdict {
    /// A verdict from its parts.
    pub fn new(class: Class, cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            class,
            cause: cause.into(),
            fix: fix.into(),
        }
    }
}

/// What the classification needs to know about the request besides the answer.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The probe's name (`models`, `message`, `claude`).
    pub probe: &'static str,
    /// An OAuth credential was sent (Bearer with the OAuth beta header).
    pub oauth: bool,
    /// The variable or source to fix, for the advice (`CLAUDE_CODE_OAUTH_TOKEN`).
    pub source: String,
}

/// The two answers the Messages API gives a setup-token OAuth token outside Claude Code.
const OAUTH_ONLY_FOR_CLAUDE_CODE: &str = "only authorized for use with claude code";
const OAUTH_NOT_SUPPORTED: &str = "oauth authentication is currently not supported";
const LOW_CREDIT: &str = "credit balance is too low";

/// Classifies an HTTP answer. `message` is the API's error message (or a cut body).
pub fn classify_http(status: u16, message: &str, sent: &Sent) -> Verdict {
    let lower = message.to_ascii_lowercase();
    let said = if message.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {message}")
    };
    let src = &sent.source;
    if lower.contains(OAUTH_ONLY_FOR_CLAUDE_CODE) || lower.contains(OAUTH_NOT_SUPPORTED) {
        return Verdict::new(
            Class::OauthRestricted,
            format!("the Messages API accepts this OAuth token only from Claude Code ({said})"),
            "the token may well work: check it with --probe models (free) or --probe claude",
        );
    }
    if lower.contains(LOW_CREDIT) {
        return Verdict::new(
            Class::Billing,
            format!("the account's credit balance is too low ({said})"),
            "add credits to the organisation in the Claude Console, or use a subscription OAuth token",
        );
    }
    match status {
        200..=299 => Verdict::new(Class::Ok, format!("the API accepted the credential (HTTP {status})"), ""),
        401 if sent.oauth => Verdict::new(
            Class::ExpiredOrRevoked,
            format!("the API refused the OAuth token from {src}: it has expired or was revoked ({said})"),
            format!("mint a new token with `ccauth setup-token` and replace the secret behind {src}"),
        ),
        401 => Verdict::new(
            Class::Invalid,
            format!("the API refused the credential from {src} ({said})"),
            format!("replace the secret behind {src} with a valid key (Claude Console, API keys)"),
        ),
        403 => Verdict::new(
            Class::Forbidden,
            format!("the credential from {src} is valid but not allowed ({said})"),
            "ask an organisation admin: access for this key or plan may be disabled, or the model not allowed",
        ),
        404 => Verdict::new(
            Class::NotFound,
            format!("the endpoint does not exist ({said})"),
            not_found_fix(sent.probe),
        ),
        429 => Verdict::new(
            Class::RateLimited,
            format!("rate limited ({said})"),
            "retry the job later; limits are per organisation, so other jobs share them",
        ),
        529 => Verdict::new(
            Class::Overloaded,
            format!("the API is overloaded ({said})"),
            "retry the job later",
        ),
        500..=599 => Verdict::new(
            Class::ServerError,
            format!("the server failed ({said})"),
            "retry the job later; if a gateway is in between, check its logs",
        ),
        300..=399 => Verdict::new(
            Class::Unexpected,
            format!("the server redirected ({said}); ccauth and Claude Code do not follow redirects"),
            "set ANTHROPIC_BASE_URL to the final address",
        ),
        _ => Verdict::new(
            Class::Unexpected,
            format!("the server refused the request ({said})"),
            "check ANTHROPIC_BASE_URL and ANTHROPIC_CUSTOM_HEADERS, and the gateway's logs",
        ),
    }
}

fn not_found_fix(probe: &str) -> &'static str {
    match probe {
        "models" => {
            "check ANTHROPIC_BASE_URL; a gateway that does not serve /v1/models can be checked with --probe message"
        }
        _ => "check ANTHROPIC_BASE_URL (it is the part before /v1/…)",
    }
}

/// The status codes of the `API Error: NNN …` and `API Error: Request rejected (NNN) …` phrases
/// of a CLI result, in order.
fn api_error_statuses(text: &str) -> Vec<u16> {
    let three_digits = |s: &str| {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        (digits.len() == 3).then(|| digits.parse().ok()).flatten()
    };
    text.match_indices("API Error: ")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            three_digits(rest).or_else(|| {
                let near: String = rest.chars().take(60).collect();
                let open = near.find('(')?;
                three_digits(&near[open + 1..]).filter(|_| near[open + 4..].starts_with(')'))
            })
        })
        .collect()
}

/// The status that decides a CLI result: the last one a retry would not change (a 401 after
/// some 529s), else the last one.
fn deciding_status(statuses: &[u16]) -> Option<u16> {
    let transient = |s: u16| s == 429 || s >= 500;
    statuses
        .iter()
        .rev()
        .find(|&&s| !transient(s))
        .or_else(|| statuses.last())
        .copied()
}

/// Classifies the result text of `claude -p --output-format json` that reported an error (or
/// the CLI's stderr when it printed no result).
pub fn classify_claude_error(raw: &str, sent: &Sent) -> Verdict {
    // Classified on the whole text; quoted scrubbed first, then escaped and cut.
    let text = &super::probe::shown(raw);
    let lower = raw.to_ascii_lowercase();
    if lower.contains("has invalid value") && lower.contains("header") {
        return Verdict::new(
            Class::Misconfigured,
            format!("Claude Code could not build its request: {text}"),
            "a credential holds a character a header cannot carry; see the padded-credential and malformed-credential findings of `ccauth lint-env`",
        );
    }
    if lower.contains("not logged in") {
        return Verdict::new(
            Class::Misconfigured,
            format!("Claude Code found no credential: {text}"),
            "run `ccauth lint-env` to see which credential is missing or ignored",
        );
    }
    if lower.contains("invalid api key") {
        return classify_http(
            401,
            text,
            &Sent {
                oauth: false,
                ..sent.clone()
            },
        );
    }
    if lower.contains("oauth token has expired") || lower.contains("oauth access token is invalid")
    {
        return classify_http(
            401,
            text,
            &Sent {
                oauth: true,
                ..sent.clone()
            },
        );
    }
    if let Some(status) = deciding_status(&api_error_statuses(raw)) {
        return classify_http(status, text, sent);
    }
    if lower.contains(LOW_CREDIT) || lower.contains("failed to authenticate") {
        let status = if lower.contains(LOW_CREDIT) { 400 } else { 401 };
        return classify_http(status, text, sent);
    }
    Verdict::new(
        Class::Unexpected,
        format!("Claude Code reported an error: {text}"),
        "run the same claude command by hand to see the whole message",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(oauth: bool, probe: &'static str) -> Sent {
        Sent {
            probe,
            oauth,
            source: "X".into(),
        }
    }

    #[test]
    fn http_answers() {
        let table: &[(u16, &str, bool, &str, Class)] = &[
            (200, "", false, "models", Class::Ok),
            (401, "invalid x-api-key", false, "models", Class::Invalid),
            (401, "Invalid bearer token", true, "models", Class::ExpiredOrRevoked),
            (
                401,
                "OAuth authentication is currently not supported.",
                true,
                "message",
                Class::OauthRestricted,
            ),
            (
                400,
                "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
                true,
                "message",
                Class::OauthRestricted,
            ),
            (
                400,
                "Your credit balance is too low to access the Anthropic API.",
                false,
                "message",
                Class::Billing,
            ),
            (400, "max_tokens: required", false, "message", Class::Unexpected),
            (403, "", true, "models", Class::Forbidden),
            (404, "", false, "models", Class::NotFound),
            (429, "", false, "models", Class::RateLimited),
            (529, "Overloaded", false, "models", Class::Overloaded),
            (503, "", false, "models", Class::ServerError),
            (302, "", false, "models", Class::Unexpected),
        ];
        for &(status, msg, oauth, probe, want) in table {
            let got = classify_http(status, msg, &sent(oauth, probe));
            assert_eq!(got.class, want, "{status} {msg:?}");
            assert!(!got.cause.is_empty());
            assert_eq!(got.fix.is_empty(), want == Class::Ok, "{status}");
        }
    }

    #[test]
    fn causes_and_fixes_fit_the_answer() {
        let redirect = classify_http(302, "Location: https://x.example", &sent(false, "models"));
        assert!(redirect.cause.contains("redirected"), "{redirect:?}");
        let other = classify_http(418, "", &sent(false, "models"));
        assert!(other.cause.contains("refused the request"), "{other:?}");
        assert!(classify_http(404, "", &sent(false, "models"))
            .fix
            .contains("--probe message"));
        assert!(!classify_http(404, "", &sent(false, "message"))
            .fix
            .contains("--probe"));
        // A header problem needs both words; an API key refused is invalid even beside OAuth.
        let v = classify_claude_error("the field has invalid value", &sent(false, "claude"));
        assert_eq!(v.class, Class::Unexpected);
        let v = classify_claude_error("Invalid API key · Please run /login", &sent(true, "claude"));
        assert_eq!(v.class, Class::Invalid);
        let v = classify_claude_error("OAuth token has expired.", &sent(false, "claude"));
        assert_eq!(v.class, Class::ExpiredOrRevoked);
        assert_eq!(format!("{}", Class::OauthRestricted), "oauth-restricted");
    }

    #[test]
    fn claude_results() {
        let table: &[(&str, bool, Class)] = &[
            ("Failed to authenticate. API Error: 401 OAuth access token is invalid.", true, Class::ExpiredOrRevoked),
            ("Failed to authenticate. API Error: 401 Invalid bearer token", false, Class::Invalid),
            ("Invalid API key · Please run /login", false, Class::Invalid),
            ("OAuth token has expired. Please obtain a new token or refresh your existing token.", true, Class::ExpiredOrRevoked),
            ("Not logged in · Please run /login", false, Class::Misconfigured),
            ("API Error: Header '14' has invalid value: 'Bearer x'", true, Class::Misconfigured),
            ("Credit balance is too low", false, Class::Billing),
            ("API Error: 403 {\"error\":{\"message\":\"forbidden\"}}", false, Class::Forbidden),
            ("API Error: 429 rate_limit_error", false, Class::RateLimited),
            (
                "API Error: Request rejected (429) · Number of request tokens has exceeded your rate limit.",
                false,
                Class::RateLimited,
            ),
            ("API Error: 529 Overloaded", false, Class::Overloaded),
            // Retries alternating with an authoritative answer: the 401 decides.
            ("API Error: 503 x. API Error: 401 y. API Error: 529 z", true, Class::ExpiredOrRevoked),
            ("API Error: 529 a. API Error: 503 b", false, Class::ServerError),
            ("something else entirely", false, Class::Unexpected),
        ];
        for &(text, oauth, want) in table {
            assert_eq!(
                classify_claude_error(text, &sent(oauth, "claude")).class,
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn exit_codes_follow_the_readme() {
        assert_eq!(Class::Ok.exit().code(), 0);
        assert_eq!(Class::Invalid.exit().code(), 1);
        assert_eq!(Class::Unverifiable.exit().code(), 2);
        for c in [
            Class::Network,
            Class::RateLimited,
            Class::Overloaded,
            Class::ServerError,
            Class::Timeout,
        ] {
            assert_eq!(c.exit().code(), 3, "{c}");
        }
        assert!(
            !Class::Timeout.is_transient(),
            "claude is not run again after a hang"
        );
    }
}

crate::serialize_by_id!(Class);
