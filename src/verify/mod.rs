//! `verify`: proves the credential the model resolves actually works. The lint gates it; then
//! one probe (`models`, `message` or `claude`) runs with retries for transient answers, and the
//! recorded expiry is judged offline. Everything ends in one [`Report`].

pub mod class;
pub(crate) mod claude;
pub(crate) mod probe;
pub(crate) mod request;

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::claude::endpoint::Endpoint;
use crate::claude::expiry::{Expiry, Standing};
use crate::claude::provider::Provider;
use crate::claude::resolve::Resolution;
use crate::claude::snapshot::Snapshot;
use crate::exit::ExitStatus;
use crate::lint::{self, Severity};
use class::{Class, Sent, Verdict};
use probe::{Attempt, HttpProbe, Retries};
use request::Reading;

/// The probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// `GET /v1/models?limit=1`: free.
    Models,
    /// A one-token `POST /v1/messages`.
    Message,
    /// The real CLI, one prompt.
    Claude,
}

impl Probe {
    /// The name used in output.
    pub fn id(self) -> &'static str {
        match self {
            Self::Models => "models",
            Self::Message => "message",
            Self::Claude => "claude",
        }
    }
}

/// The model `--probe message` asks when `--model` is not given: a small current one.
pub const DEFAULT_MODEL: &str = "claude-haiku-4-5";

/// Everything `verify` is asked to do, besides the model's inputs.
#[derive(Debug, Clone)]
pub struct Options {
    pub probe: Probe,
    pub model: String,
    /// `--claude`: the CLI to run [default: `claude` on PATH].
    pub claude: Option<PathBuf>,
    /// Per attempt.
    pub timeout: Duration,
    pub retries: u32,
    /// The recorded expiry and where it came from.
    pub expires_at: Option<(std::time::SystemTime, String)>,
    pub warn_days: u32,
    pub no_lint: bool,
    pub trust_project_helpers: bool,
    /// Send the credential even where the repository's own settings point it (base URL, proxy,
    /// CA bundle).
    pub trust_project_endpoint: bool,
    pub helper_timeout: Duration,
    /// `--deny warnings`, `deny = ["warnings"]` or `[severity] token-expiry = "error"`: the
    /// `expiring` class fails.
    pub deny_warnings: bool,
}

/// The lint's part of the report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LintSummary {
    pub errors: usize,
    pub warnings: usize,
    /// `rule: message` of each error (the messages are already redacted).
    pub error_findings: Vec<String>,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub verdict: Verdict,
    pub probe: Probe,
    /// False when no request was made (a cloud provider checked offline, a lint error).
    pub live: bool,
    pub provider: Provider,
    pub endpoint: Endpoint,
    /// `GET https://…/v1/models?limit=1`, or the claude command line.
    pub request: Option<String>,
    pub status: Option<u16>,
    pub latency_ms: Option<u64>,
    pub attempts: u32,
    pub request_id: Option<String>,
    /// The error message or the start of the answer, redacted and cut.
    pub body: Option<String>,
    pub headers: crate::claude::resolve::Headers,
    pub expiry: Option<Expiry>,
    pub lint: LintSummary,
    /// Warnings beside the verdict (plain http, an expiry the class does not already say).
    pub warnings: Vec<String>,
    /// Whether the `expiring` class fails the run.
    #[serde(skip)]
    pub deny_warnings: bool,
}

impl Report {
    /// The exit code: the verdict's; `expiring` fails when warnings are denied.
    pub fn exit(&self) -> ExitStatus {
        match self.verdict.class {
            Class::Expiring if self.deny_warnings => ExitStatus::Findings,
            class => class.exit(),
        }
    }
}

/// A working credential's verdict made `expiring` or `expired` by its recorded expiry, so the
/// first line, the JSON, the annotation, the step summary and `verify-result` all say it; any
/// other verdict is kept (the expiry is then a warning beside it).
fn with_expiry(verdict: Verdict, expiry: Option<&Expiry>) -> (Verdict, bool) {
    let Some(e) = expiry else {
        return (verdict, false);
    };
    if verdict.class != Class::Ok {
        return (verdict, false);
    }
    let fix = "mint a new token with `ccauth setup-token`, then replace the secret and its _EXPIRES_AT variable";
    match e.standing {
        Standing::Valid => (verdict, false),
        Standing::ExpiresSoon => (
            Verdict::new(
                Class::Expiring,
                format!(
                    "{}; it expires {}, in {} day{} (inside the {}-day window)",
                    verdict.cause,
                    e.expires_at,
                    e.days_left,
                    if e.days_left == 1 { "" } else { "s" },
                    e.warn_days
                ),
                fix,
            ),
            true,
        ),
        Standing::Expired => (
            Verdict::new(
                Class::Expired,
                format!(
                    "the token's recorded expiry, {} (from {}), has passed{}",
                    e.expires_at,
                    e.from,
                    if verdict.cause.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", verdict.cause)
                    }
                ),
                fix,
            ),
            true,
        ),
    }
}

/// Runs verify on a resolved snapshot whose lint has run.
pub fn run(s: &Snapshot, r: &Resolution, lint: &lint::Report, o: &Options) -> Report {
    let endpoint = Endpoint::of(s, r.provider);
    let mut report = Report {
        verdict: Verdict::new(Class::Ok, "", ""),
        probe: o.probe,
        live: false,
        provider: r.provider,
        endpoint,
        request: None,
        status: None,
        latency_ms: None,
        attempts: 0,
        request_id: None,
        body: None,
        headers: r.headers.clone(),
        expiry: o
            .expires_at
            .as_ref()
            .map(|(at, from)| Expiry::judge(*at, std::time::SystemTime::now(), o.warn_days, from)),
        lint: summarise(lint, o),
        warnings: Vec::new(),
        deny_warnings: o.deny_warnings,
    };
    if report.endpoint.is_plain_http_remote() {
        report.warnings.push(format!(
            "{} (from {}) is plain http to a host other than this machine: the credential crosses the network unencrypted",
            report.endpoint.variable.unwrap_or("ANTHROPIC_BASE_URL"),
            report.endpoint.origin
        ));
    }
    let verdict = match gate(s, r, &report.lint, o) {
        Some(v) => v,
        None => {
            let (attempt, made) = probe(s, r, o, &mut report);
            report.live = true;
            report.attempts = made;
            report.status = attempt.status;
            report.request_id = attempt.request_id;
            report.body = attempt.body;
            report.latency_ms =
                Some(u64::try_from(attempt.latency.as_millis()).unwrap_or(u64::MAX));
            attempt.verdict
        }
    };
    let (verdict, said) = with_expiry(verdict, report.expiry.as_ref());
    report.verdict = verdict;
    if let Some(e) = report
        .expiry
        .as_ref()
        .filter(|e| e.standing != Standing::Valid && !said)
    {
        report.warnings.push(e.sentence());
    }
    report
}

/// The lint's errors and warnings as verify counts them: with `--trust-project-endpoint`, the
/// repository choosing the destination is what the user said to accept, so that error (the only
/// one `credential-destination` raises) does not stop the probe.
fn summarise(lint: &lint::Report, o: &Options) -> LintSummary {
    let trusted = |f: &&lint::Finding| {
        o.trust_project_endpoint
            && f.rule.id == "credential-destination"
            && f.severity == Severity::Error
    };
    let errors: Vec<&lint::Finding> = lint
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| !trusted(f))
        .collect();
    LintSummary {
        errors: errors.len(),
        warnings: lint.count(Severity::Warning),
        error_findings: errors
            .iter()
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect(),
    }
}

/// What ends the run before any request: lint errors, a cloud provider (checked offline unless
/// the CLI is run), nothing to send.
fn gate(s: &Snapshot, r: &Resolution, lint: &LintSummary, o: &Options) -> Option<Verdict> {
    // The repository's own files deciding where the credential goes, or (for the real CLI, which
    // runs them without a prompt in -p mode) what command mints it, stop the run before the lint
    // verdict: the answer is "not checked", and the flag that trusts them is enough to go on.
    if !o.trust_project_endpoint {
        if let Some(v) = request::pointed_by_repository(s) {
            return Some(v);
        }
    }
    if o.probe == Probe::Claude && !o.trust_project_helpers {
        if let Some(v) = request::repository_commands(s) {
            return Some(v);
        }
    }
    if lint.errors > 0 && !o.no_lint {
        return Some(Verdict::new(
            Class::Misconfigured,
            format!(
                "the lint found {} error{} (below); a request would not use the credential you intend",
                lint.errors,
                if lint.errors == 1 { "" } else { "s" }
            ),
            "fix the findings (`ccauth lint-env` explains each), or pass --no-lint to probe anyway",
        ));
    }
    if o.probe == Probe::Claude {
        return None;
    }
    if r.provider != Provider::Anthropic {
        return Some(Verdict::new(
            Class::Ok,
            format!(
                "{} is configured completely (checked offline: ccauth does not call cloud APIs; --probe claude checks it live)",
                r.provider
            ),
            "",
        ));
    }
    if r.headers.is_empty() {
        return Some(Verdict::new(
            Class::Misconfigured,
            "Claude Code will send no credential (\"Not logged in\")",
            "run `ccauth lint-env` to see what is missing or ignored",
        ));
    }
    None
}

/// Runs the probe with retries; fills in the request line.
fn probe(s: &Snapshot, r: &Resolution, o: &Options, report: &mut Report) -> (Attempt, u32) {
    let retries = Retries { max: o.retries };
    let sent = Sent {
        probe: o.probe.id(),
        oauth: r.headers.iter().any(|(_, h)| h.oauth_beta),
        source: request::fix_target(r),
    };
    if o.probe == Probe::Claude {
        let exe = match o.claude.clone().map_or_else(|| which::which("claude"), Ok) {
            Ok(exe) => exe,
            Err(_) => {
                let v = Verdict::new(
                    Class::Unverifiable,
                    "no claude executable on PATH",
                    claude::INSTALL_FIX,
                );
                return (Attempt::without_answer(v, Duration::ZERO), 0);
            }
        };
        report.request = Some(format!(
            "{} {}",
            exe.display(),
            shlex::try_join(claude::arguments(s).iter().map(String::as_str)).unwrap_or_default()
        ));
        return retries.run(
            || claude::attempt(&exe, s, o.timeout, &sent),
            std::thread::sleep,
        );
    }
    match http_probe(s, r, o, &report.endpoint, sent) {
        Ok(p) => {
            report.request = Some(format!(
                "{} {}",
                p.method,
                crate::claude::endpoint::shown(p.url.as_str())
            ));
            retries.run(|| p.attempt(), std::thread::sleep)
        }
        Err(v) => (Attempt::without_answer(v, Duration::ZERO), 0),
    }
}

/// The client, request and headers of an HTTP probe, or why there can be none.
fn http_probe(
    s: &Snapshot,
    r: &Resolution,
    o: &Options,
    endpoint: &Endpoint,
    sent: Sent,
) -> Result<HttpProbe, Verdict> {
    let base = request::parse_endpoint(endpoint)?;
    let reading = Reading {
        snapshot: s,
        trust_project_helpers: o.trust_project_helpers,
        helper_timeout: o.helper_timeout,
    };
    let headers = request::headers(r, &reading)?;
    let mut settings = crate::http::Settings::from_lookup(|k| s.value(k).map(str::to_owned));
    settings.timeout = o.timeout;
    // The variables that shaped this request, for a network failure's fix; CA bundles mean
    // nothing to a plain-http request.
    let plain_http = endpoint
        .url
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("http://");
    let env_hints: Vec<String> = settings
        .env
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| !(plain_http && (k == "SSL_CERT_FILE" || k == "NODE_EXTRA_CA_CERTS")))
        .collect();
    let client = crate::http::client_with(&settings).map_err(|e| {
        Verdict::new(
            Class::Misconfigured,
            format!("{e:#}"),
            "fix the variable named above (a PEM CA bundle, a proxy URL)",
        )
    })?;
    let join = |path: &str| {
        let mut url = base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}{path}"));
        url
    };
    let (method, url, body) = match o.probe {
        Probe::Message => {
            let body = serde_json::json!({
                "model": o.model,
                "max_tokens": 1,
                "messages": [{"role": "user", "content": "ping"}],
            });
            (
                reqwest::Method::POST,
                join("/v1/messages"),
                Some(body.to_string()),
            )
        }
        Probe::Models | Probe::Claude => {
            let mut url = join("/v1/models");
            url.set_query(Some("limit=1"));
            (reqwest::Method::GET, url, None)
        }
    };
    Ok(HttpProbe {
        client,
        method,
        url,
        headers,
        body,
        sent,
        timeout: o.timeout,
        env_hints,
    })
}

crate::serialize_by_id!(Probe);
