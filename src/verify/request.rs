//! The request a probe sends: the endpoint as the model resolves it, and exactly the headers
//! the model says Claude Code sends, with the secret values read where they live (a variable, a
//! settings file, the helper's output, the stored login, a hosted-session file).

use std::time::Duration;

use super::class::{Class, Verdict};
use crate::claude::candidates::{self, Candidate, CredValue, HeaderName};
use crate::claude::endpoint::Endpoint;
use crate::claude::helper::{helper_output, HelperRun};
use crate::claude::resolve::{Header, Resolution};
use crate::claude::snapshot::Snapshot;
use crate::claude::sources::{vars, SourceId};
use crate::claude::Origin;

/// The API version header value Claude Code sends.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// The beta header that goes with an OAuth credential.
pub const OAUTH_BETA: &str = "oauth-2025-04-20";

/// The endpoint as a URL to probe, or why it cannot be one.
pub fn parse_endpoint(e: &Endpoint) -> Result<reqwest::Url, Verdict> {
    e.parse().ok_or_else(|| {
        Verdict::new(
            Class::Misconfigured,
            format!(
                "{} (from {}) is not an http or https URL",
                e.variable.unwrap_or(vars::BASE_URL),
                e.origin
            ),
            "set it to an http(s) URL such as https://api.anthropic.com, or unset it",
        )
    })
}

/// The headers to send, secrets included. Its `Debug` shows names only.
#[derive(Clone, Default)]
pub struct Headers(pub Vec<(String, String)>);

impl std::fmt::Debug for Headers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, _)| n))
            .finish()
    }
}

/// How to read secrets that take work: the helper, and whether the repository's may run.
pub struct Reading<'a> {
    pub snapshot: &'a Snapshot,
    pub trust_project_helpers: bool,
    pub helper_timeout: Duration,
}

/// The credential headers and the ones that go along, as Claude Code would send them.
pub fn headers(r: &Resolution, how: &Reading<'_>) -> Result<Headers, Verdict> {
    let mut out = Vec::new();
    let mut helper_value: Option<String> = None;
    for (name, header) in r.headers.iter() {
        let value = secret(header, how, &mut helper_value)?;
        let value = match (name, header.source()) {
            // A custom Authorization is sent as written; the others are bearer tokens.
            ("authorization", SourceId::CustomHeaders) => value,
            ("authorization", _) => format!("Bearer {value}"),
            _ => value,
        };
        out.push((name.to_owned(), value));
    }
    out.push(("anthropic-version".into(), ANTHROPIC_VERSION.into()));
    if r.headers.iter().any(|(_, h)| h.oauth_beta) {
        out.push(("anthropic-beta".into(), OAUTH_BETA.into()));
    }
    if how.snapshot.truthy("CLAUDE_CODE_ADDITIONAL_PROTECTION") {
        out.push(("x-anthropic-additional-protection".into(), "true".into()));
    }
    out.extend(other_custom_headers(how.snapshot));
    Ok(Headers(out))
}

/// `ANTHROPIC_CUSTOM_HEADERS` lines other than the credential headers (those are placed by the
/// model): sent as they are.
fn other_custom_headers(s: &Snapshot) -> Vec<(String, String)> {
    let Some(def) = s.var(vars::CUSTOM_HEADERS) else {
        return Vec::new();
    };
    let credential = |n: &str| {
        [HeaderName::XApiKey, HeaderName::Authorization]
            .iter()
            .any(|h| h.id().eq_ignore_ascii_case(n))
    };
    candidates::header_lines(&def.raw)
        .filter(|(n, _)| !n.is_empty() && !credential(n))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

/// The secret a header carries.
fn secret(
    header: &Header,
    how: &Reading<'_>,
    helper_value: &mut Option<String>,
) -> Result<String, Verdict> {
    let c = &header.candidate;
    match &c.value {
        CredValue::Secret(v) => Ok(v.clone()),
        CredValue::Placeholder(p) => Ok((*p).to_owned()),
        CredValue::Helper(command) => {
            if let Some(v) = helper_value {
                return Ok(v.clone());
            }
            let v = run_helper(c, command, how)?;
            *helper_value = Some(v.clone());
            Ok(v)
        }
        CredValue::StoredLogin(_) => stored_login(c, how.snapshot),
        CredValue::Fd(_) => Err(unverifiable(
            c,
            "is read from an inherited file descriptor, which ccauth cannot read without taking it from claude",
        )),
        CredValue::Described(_) | CredValue::Empty => Err(unverifiable(
            c,
            "is not a value ccauth can read",
        )),
    }
}

fn unverifiable(c: &Candidate, why: &str) -> Verdict {
    Verdict::new(
        Class::Unverifiable,
        format!("{} {why}", c.describe()),
        "check it with --probe claude, which runs the real CLI in the same environment",
    )
}

fn run_helper(c: &Candidate, command: &str, how: &Reading<'_>) -> Result<String, Verdict> {
    let owned = how.snapshot.repository_file(c.origin, &c.location);
    if let (Some((file, owner)), false) = (owned, how.trust_project_helpers) {
        return Err(Verdict::new(
            Class::Unverifiable,
            format!(
                "the credential is the output of the apiKeyHelper in {} ({}), the repository's own code: {owner}",
                file.doc.label(),
                c.location
            ),
            "pass --trust-project-helpers to run it (never on an untrusted pull request), or use --probe claude",
        ));
    }
    let s = how.snapshot;
    helper_output(
        command,
        &s.project_dir,
        &s.effective_env(),
        how.helper_timeout,
    )
    .map_err(|run| {
        let what = run.failure().unwrap_or_else(|| "gave no key".into());
        let class = match run {
            HelperRun::TimedOut { .. } => Class::Timeout,
            _ => Class::Misconfigured,
        };
        Verdict::new(
            class,
            format!("the apiKeyHelper from {} ({}) {what}", c.origin, c.location),
            "run the helper by hand in the same environment; it must print only the key and exit 0",
        )
    })
}

fn stored_login(c: &Candidate, s: &Snapshot) -> Result<String, Verdict> {
    let Some(login) = &s.stored_login else {
        return Err(unverifiable(c, "is no longer there"));
    };
    if login.is_expired() {
        return Err(unverifiable(
            c,
            "has expired; Claude Code refreshes it on first use, which replaces the stored refresh token, so ccauth does not",
        ));
    }
    match login.access_token() {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(unverifiable(c, "holds no access token")),
        Err(p) => Err(Verdict::new(
            Class::Misconfigured,
            p.message,
            "log in again with `claude /login`, or use CLAUDE_CODE_OAUTH_TOKEN in CI",
        )),
    }
}

/// Refuses when the repository's own settings (a pull request can write them) decide where the
/// job's credential goes: ccauth does not send it there without `--trust-project-endpoint`.
pub fn pointed_by_repository(s: &Snapshot) -> Option<Verdict> {
    // Where the credential goes: the destination, then the proxies and CAs on the way.
    let def = std::iter::once(vars::BASE_URL)
        .chain(crate::http::env_vars())
        .filter_map(|v| crate::claude::endpoint::set(s, v))
        .find_map(|d| {
            s.repository_file(d.origin, &d.location)
                .map(|(_, o)| (d, o))
        })?;
    let (def, owner) = def;
    Some(Verdict::new(
        Class::Unverifiable,
        format!(
            "{} is set by the repository's own settings ({}; {owner}): ccauth does not send the job's credential where a pull request points it",
            def.name, def.location
        ),
        "remove it from the repository's settings, or pass --trust-project-endpoint when the settings are trusted (never on a pull request from a fork)",
    ))
}

/// Refuses to run the real CLI when settings the repository owns define a command Claude Code
/// runs for credentials (it runs them without a prompt in -p mode, with the job's environment).
pub fn repository_commands(s: &Snapshot) -> Option<Verdict> {
    let (file, owner, key, at) = s.settings.iter().find_map(|f| {
        let owner = f.owner.as_ref()?;
        let (key, at) = f.credential_commands().next()?;
        Some((f, owner, key, at))
    })?;
    Some(Verdict::new(
        Class::Unverifiable,
        format!(
            "{} sets {key} ({at}) and {owner}: the real CLI would run the repository's command with the job's environment",
            file.doc.label()
        ),
        "pass --trust-project-helpers to run it (never on an untrusted pull request), or move the setting outside the checkout",
    ))
}

/// The source a fix should name: the variable when there is one, else the source id and origin.
pub fn fix_target(r: &Resolution) -> String {
    let Some((_, h)) = r.headers.iter().next() else {
        return "the credential".into();
    };
    let c = &h.candidate;
    match (c.source.props().variable, c.origin) {
        (Some(var), Origin::Process) => var.to_owned(),
        (Some(var), origin) => format!("{var} (set in {origin})"),
        (None, _) => c.source.id().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_debug_shows_names_only() {
        let h = Headers(vec![("x-api-key".into(), "hunter2hunter2".into())]);
        assert_eq!(format!("{h:?}"), "[\"x-api-key\"]");
    }
}
