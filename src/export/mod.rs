//! `export-env`: the exports that make one credential the one Claude Code sends. The plan (what
//! to set, what to clear) comes from the model; it is then checked by resolving again with the
//! exports applied, and only rendered (in [`dialect`]) when the intended credential is what goes
//! out.

pub mod dialect;

use std::fmt;

use crate::claude::provider::Provider;
use crate::claude::resolve::{resolve, Resolution};
use crate::claude::snapshot::Snapshot;
use crate::claude::sources::{vars, SourceId, FD_VARS, SECRET_VARS};
use crate::claude::token::TokenKind;
use crate::claude::values::{credential_value, is_truthy};
use crate::claude::Origin;

pub use dialect::Dialect;

/// Which kind of credential is exported, and so which variable it goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An OAuth token (`sk-ant-oat01-…`, from `setup-token`): `CLAUDE_CODE_OAUTH_TOKEN`.
    OauthToken,
    /// A Console API key (`sk-ant-api03-…`): `ANTHROPIC_API_KEY`.
    ApiKey,
    /// A bearer token for a gateway: `ANTHROPIC_AUTH_TOKEN`.
    AuthToken,
}

impl Kind {
    /// The variable the credential goes in.
    pub fn variable(self) -> &'static str {
        match self {
            Self::OauthToken => vars::OAUTH_TOKEN,
            Self::ApiKey => vars::API_KEY,
            Self::AuthToken => vars::AUTH_TOKEN,
        }
    }

    /// The source id Claude Code reports for it (`lint-env --expect`).
    pub fn source(self) -> SourceId {
        match self {
            Self::OauthToken => SourceId::OauthToken,
            Self::ApiKey => SourceId::ApiKey,
            Self::AuthToken => SourceId::AuthToken,
        }
    }

    /// The `--kind` value.
    pub fn id(self) -> &'static str {
        match self {
            Self::OauthToken => "oauth-token",
            Self::ApiKey => "api-key",
            Self::AuthToken => "auth-token",
        }
    }

    /// The kind a known prefix says, if it names one of these kinds.
    fn from_prefix(token: TokenKind) -> Option<Self> {
        match token {
            TokenKind::OauthAccess => Some(Self::OauthToken),
            TokenKind::ApiKey => Some(Self::ApiKey),
            TokenKind::OauthRefresh
            | TokenKind::AdminKey
            | TokenKind::OtherAnthropic
            | TokenKind::Unknown => None,
        }
    }
}

/// Why nothing is emitted. `Usage` is exit 2; the others are refusals, exit 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Bad input: no value, a value that needs `--kind`, a malformed `--header`.
    #[error("{0}")]
    Usage(String),
    /// The value's kind contradicts `--kind`, or is never usable (a refresh or admin key).
    #[error("{0}")]
    WrongKind(String),
    /// Something an export cannot change keeps the credential from being the one sent.
    #[error("{0}")]
    CannotFix(String),
    /// The dialect cannot carry a value.
    #[error("{0}")]
    Unrepresentable(String),
}

/// What the pipeline asked for (its `Debug` redacts the value).
#[derive(Clone)]
pub struct Intent {
    pub kind: Kind,
    /// The credential, trimmed.
    pub value: String,
    pub base_url: Option<String>,
    /// `Name: value` lines for `ANTHROPIC_CUSTOM_HEADERS`.
    pub headers: Vec<String>,
    /// Do not clear the other variables.
    pub keep_others: bool,
}

impl fmt::Debug for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Intent")
            .field("kind", &self.kind)
            .field("value", &crate::redact::Redacted(&self.value))
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.len())
            .field("keep_others", &self.keep_others)
            .finish()
    }
}

/// Trims the raw value and checks it against `--kind` (or detects the kind from its prefix).
pub fn classify(raw: &str, kind: Option<Kind>) -> Result<(Kind, String), ExportError> {
    let value = credential_value(raw)
        .ok_or_else(|| ExportError::Usage("the credential is empty".into()))?
        .to_owned();
    let token = TokenKind::of(&value);
    match token {
        TokenKind::OauthRefresh | TokenKind::AdminKey => {
            return Err(ExportError::WrongKind(format!(
                "the value is {}, which cannot authenticate Claude Code; export an OAuth \
                 access token (sk-ant-oat01-…) or an API key (sk-ant-api03-…) instead",
                token.describe()
            )))
        }
        TokenKind::OauthAccess
        | TokenKind::ApiKey
        | TokenKind::OtherAnthropic
        | TokenKind::Unknown => {}
    }
    let detected = Kind::from_prefix(token);
    match (kind, detected) {
        (Some(k), Some(d)) if k != d => Err(ExportError::WrongKind(format!(
            "--kind {} but the value is {} (its prefix says {}): Claude Code would send it \
             as {} and it would be rejected; use --kind {} or the right credential",
            k.id(),
            token.describe(),
            d.id(),
            k.variable(),
            d.id()
        ))),
        (Some(k), _) => Ok((k, value)),
        (None, Some(d)) => Ok((d, value)),
        (None, None) => Err(ExportError::Usage(
            "the value has no known prefix (sk-ant-oat01- or sk-ant-api03-), so its kind \
             cannot be told: give --kind oauth-token, api-key or auth-token"
                .into(),
        )),
    }
}

/// One change to the environment (its `Debug` redacts the value).
#[derive(Clone, PartialEq, Eq)]
pub enum Export {
    /// Set a variable.
    Set { name: &'static str, value: String },
    /// Clear a variable (unset where the dialect can, else set it empty).
    Clear { name: String },
}

impl fmt::Debug for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Set { name, value } => f
                .debug_struct("Set")
                .field("name", name)
                .field("value", &crate::redact::Redacted(value))
                .finish(),
            Self::Clear { name } => f.debug_struct("Clear").field("name", name).finish(),
        }
    }
}

impl Export {
    /// The variable's name.
    pub fn name(&self) -> &str {
        match self {
            Self::Set { name, .. } => name,
            Self::Clear { name } => name,
        }
    }
}

/// The exports, in order: sets first, then clears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kind: Kind,
    pub exports: Vec<Export>,
}

/// Builds the exports for `intent` over the modeled environment `before`.
pub fn plan(before: &Snapshot, intent: &Intent) -> Result<Plan, ExportError> {
    let mut exports = vec![Export::Set {
        name: intent.kind.variable(),
        value: intent.value.clone(),
    }];
    if let Some(url) = &intent.base_url {
        exports.push(Export::Set {
            name: vars::BASE_URL,
            value: url.trim().to_owned(),
        });
    }
    if !intent.headers.is_empty() {
        exports.push(Export::Set {
            name: vars::CUSTOM_HEADERS,
            value: custom_headers(&intent.headers)?,
        });
    }
    if !intent.keep_others {
        exports.extend(
            conflicting(before, intent.kind)
                .into_iter()
                .map(|name| Export::Clear { name }),
        );
    }
    Ok(Plan {
        kind: intent.kind,
        exports,
    })
}

/// `ANTHROPIC_CUSTOM_HEADERS` from `--header` values, each `Name: value`.
fn custom_headers(headers: &[String]) -> Result<String, ExportError> {
    let mut lines = Vec::new();
    for h in headers {
        let (name, value) = h.split_once(':').ok_or_else(|| {
            ExportError::Usage("--header must be `Name: value` (the argument is not shown)".into())
        })?;
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(ExportError::Usage(
                "--header needs a header name of letters, digits and - before the colon".into(),
            ));
        }
        if value.contains(['\n', '\r']) {
            return Err(ExportError::Usage(
                "a --header value cannot contain a line break".into(),
            ));
        }
        lines.push(format!("{name}: {}", value.trim()));
    }
    Ok(lines.join("\n"))
}

/// The process variables that would shadow or accompany a credential of `kind`, or make Claude
/// Code ignore it: every other credential variable, the provider switches, and for an OAuth
/// token bare mode and a scope list; for the others, a hosted session (which sends only OAuth).
/// Only variables that are set (switches: on) in the process environment are listed; a value
/// from a settings file cannot be cleared by an export and is reported by [`verify`].
fn conflicting(before: &Snapshot, kind: Kind) -> Vec<String> {
    let from_process = |name: &str| {
        before.env.get(name).and_then(|e| {
            std::iter::once(&e.current)
                .chain(&e.replaced)
                .find(|d| d.origin == Origin::Process)
        })
    };
    let mut out = Vec::new();
    for name in SECRET_VARS.iter().chain(FD_VARS.iter()) {
        if *name == kind.variable() || *name == vars::IDENTITY_TOKEN {
            continue;
        }
        if from_process(name).is_some_and(|d| credential_value(&d.raw).is_some()) {
            out.push((*name).to_owned());
        }
    }
    let mut switches = vec![vars::USE_BEDROCK, vars::USE_FOUNDRY, vars::USE_VERTEX];
    match kind {
        Kind::OauthToken => switches.extend([vars::SIMPLE]),
        Kind::ApiKey | Kind::AuthToken => switches.push(vars::REMOTE),
    }
    for name in switches {
        if from_process(name).is_some_and(|d| is_truthy(&d.raw)) {
            out.push(name.to_owned());
        }
    }
    if kind == Kind::OauthToken
        && from_process(vars::OAUTH_SCOPES).is_some_and(|d| credential_value(&d.raw).is_some())
    {
        out.push(vars::OAUTH_SCOPES.to_owned());
    }
    out
}

/// The modeled environment with the exports applied (as process variables, under every
/// settings `env`); no file is read again.
pub fn apply(before: &Snapshot, plan: &Plan) -> Snapshot {
    let pairs: Vec<(String, String)> = plan
        .exports
        .iter()
        .map(|e| {
            let value = match e {
                Export::Set { value, .. } => value.clone(),
                // Empty is unset to Claude Code, and to the model.
                Export::Clear { .. } => String::new(),
            };
            (e.name().to_owned(), value)
        })
        .collect();
    before.with_process_vars(&pairs)
}

/// Checks that, with the exports applied, the intended credential (this very `value`) is what
/// Claude Code sends, alone; otherwise says what keeps it from being so, naming the file or flag.
pub fn verify(after: &Snapshot, kind: Kind, value: &str) -> Result<Resolution, ExportError> {
    let r = resolve(after);
    let intended = kind.source();
    if r.provider != Provider::Anthropic {
        return Err(ExportError::CannotFix(format!(
            "a settings file turns on {} (its env sets CLAUDE_CODE_USE_{}), so {} would not be \
             sent; remove the switch from that file",
            r.provider,
            r.provider.id().to_ascii_uppercase(),
            kind.variable()
        )));
    }
    if let Some(ignored) = r.ignored_from(intended).next() {
        let why = match &ignored.reason {
            crate::claude::resolve::IgnoreReason::BareMode => bare_cause(after),
            crate::claude::resolve::IgnoreReason::ShadowedBy { by } => r
                .candidates()
                .find(|c| c.source == *by)
                .map_or_else(|| format!("shadowed by {by}"), cause),
            other => other.explain(),
        };
        return Err(ExportError::CannotFix(format!(
            "{} would not be sent: {why}",
            kind.variable()
        )));
    }
    if let Some((header, other)) = r.headers.iter().find(|(_, h)| h.source() != intended) {
        return Err(ExportError::CannotFix(format!(
            "{} would be sent, but so would {header} from {}",
            kind.variable(),
            cause(&other.candidate)
        )));
    }
    // The same variable set in a settings file beats the export: the source is right, the value
    // is not ours.
    if let Some((_, h)) = r
        .headers
        .iter()
        .find(|(_, h)| h.candidate.value.secret() != Some(value))
    {
        return Err(ExportError::CannotFix(format!(
            "{} would be sent, but not the exported value: {}",
            kind.variable(),
            cause(&h.candidate)
        )));
    }
    if !r.headers.uses(intended) {
        return Err(ExportError::CannotFix(format!(
            "{} would not be sent ({})",
            kind.variable(),
            r.nothing_sent()
        )));
    }
    Ok(r)
}

/// What a candidate is and where it is set, with the fix an export cannot make.
fn cause(c: &crate::claude::candidates::Candidate) -> String {
    let fix = if c.source == SourceId::ApiKeyHelper {
        "with an apiKeyHelper configured Claude Code never uses OAuth, and an export cannot \
         remove it: delete it from that file"
    } else if c.origin.is_settings() {
        "settings beat exported variables: remove it from that file"
    } else if c.source == SourceId::CustomHeaders {
        "remove that header from ANTHROPIC_CUSTOM_HEADERS"
    } else {
        "remove it, or pass --keep-others only when it is meant"
    };
    format!("{} at {} ({fix})", c.describe(), c.location)
}

fn bare_cause(s: &Snapshot) -> String {
    let Some(trigger) = &s.bare else {
        return "bare mode does not read it".into();
    };
    format!(
        "bare mode is on ({} at {}) and never reads CLAUDE_CODE_OAUTH_TOKEN; drop --bare, or \
         export an API key instead",
        trigger.cause, trigger.location
    )
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
