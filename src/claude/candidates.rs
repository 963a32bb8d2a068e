//! Every credential Claude Code could use, read out of a [`Snapshot`] as data: the first step of
//! resolution. Nothing here decides what is sent; the filters and placement in `resolve` do.

use super::snapshot::{EnvDef, Snapshot};
use super::sources::{vars, HeaderUse, SourceId, FD_VARS, SECRET_VARS};
use super::values::{credential_value, is_blank};
use super::{Location, Origin};
use crate::redact::{redact, Redacted};

/// A header `ANTHROPIC_CUSTOM_HEADERS` can set that carries a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderName {
    /// `x-api-key`.
    XApiKey,
    /// `Authorization`.
    Authorization,
}

impl HeaderName {
    /// The lower-case header name.
    pub fn id(self) -> &'static str {
        match self {
            Self::XApiKey => "x-api-key",
            Self::Authorization => "authorization",
        }
    }
}

/// What a credential's value is, as far as ccauth can know without using it. Kept typed until a
/// renderer formats it ([`CredValue::redacted`], [`CredValue::phrase`]). Its `Debug` redacts.
#[derive(Clone, PartialEq, Eq)]
pub enum CredValue {
    /// Set but empty or blank: Claude Code treats it as unset.
    Empty,
    /// A literal value (trimmed).
    Secret(String),
    /// The value of an fd variable: `claude` reads the secret from this descriptor.
    Fd(String),
    /// A command whose output is the secret.
    Helper(String),
    /// A stored `/login`, with a description (plan, expiry) safe to print.
    StoredLogin(String),
    /// A credential ccauth can see but does not read (a description safe to print).
    Described(String),
    /// A fixed, non-secret placeholder Claude Code sends.
    Placeholder(&'static str),
}

impl std::fmt::Debug for CredValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Secret(v) => f.debug_tuple("Secret").field(&Redacted(v)).finish(),
            Self::Fd(v) => f.debug_tuple("Fd").field(&Redacted(v)).finish(),
            Self::Helper(_) => f.write_str("Helper(..)"),
            Self::Empty | Self::StoredLogin(_) | Self::Described(_) | Self::Placeholder(_) => {
                write!(f, "{}", self.redacted())
            }
        }
    }
}

impl CredValue {
    /// The value as JSON and the human report show it: a redacted secret, or a description in
    /// parentheses; empty for an empty value.
    pub fn redacted(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Secret(v) => redact(v),
            Self::Placeholder(p) => (*p).to_owned(),
            Self::Fd(_) | Self::Helper(_) | Self::StoredLogin(_) | Self::Described(_) => {
                format!("({})", self.phrase())
            }
        }
    }

    /// The value inside a sentence, without parentheses: `sk-ant-oat01-…3xQa`, `read from fd 3`.
    pub fn phrase(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Secret(v) => redact(v),
            // A number is safe to print; anything else is a secret pasted into the wrong variable.
            Self::Fd(n) if n.parse::<u32>().is_ok() => format!("read from fd {n}"),
            Self::Fd(n) => format!("read from fd {}", redact(n)),
            Self::Helper(_) => "command output".into(),
            Self::StoredLogin(d) | Self::Described(d) => d.clone(),
            Self::Placeholder(p) => (*p).to_owned(),
        }
    }

    /// The literal secret, when the value is one.
    pub fn secret(&self) -> Option<&str> {
        match self {
            Self::Secret(v) => Some(v),
            Self::Empty
            | Self::Fd(_)
            | Self::Helper(_)
            | Self::StoredLogin(_)
            | Self::Described(_)
            | Self::Placeholder(_) => None,
        }
    }
}

/// One credential Claude Code could use, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub source: SourceId,
    pub origin: Origin,
    pub location: Location,
    pub value: CredValue,
    /// For `ANTHROPIC_CUSTOM_HEADERS` only: the header it sets.
    pub header: Option<HeaderName>,
}

impl Candidate {
    fn new(source: SourceId, origin: Origin, location: Location, value: CredValue) -> Self {
        Self {
            source,
            origin,
            location,
            value,
            header: None,
        }
    }

    /// An OAuth credential (see [`SourceId::props`]).
    pub fn is_oauth(&self) -> bool {
        self.source.is_oauth()
    }

    /// The value as it may be printed (see [`CredValue::redacted`]).
    pub fn redacted(&self) -> String {
        self.value.redacted()
    }

    /// `SOURCE (value, from origin)`, or `SOURCE (from origin)` for an empty value: for messages.
    pub fn describe(&self) -> String {
        match self.value {
            CredValue::Empty => format!("{} (from {})", self.source, self.origin),
            _ => format!(
                "{} ({}, from {})",
                self.source,
                self.value.phrase(),
                self.origin
            ),
        }
    }
}

/// Every candidate in the snapshot: credential variables (empty ones too), the OAuth token the
/// repository's settings tried to set, `apiKeyHelper` at each settings level, the hosted-session
/// files, the stored login, `primaryApiKey` and the credentials in `ANTHROPIC_CUSTOM_HEADERS`.
pub fn collect(s: &Snapshot) -> Vec<Candidate> {
    let mut out = Vec::new();
    out.extend(variables(s));
    out.extend(
        s.blocked
            .iter()
            .filter(|d| !is_blank(&d.raw))
            .filter_map(|d| from_env(d, SourceId::OauthToken)),
    );
    out.extend(helpers(s));
    out.extend(remote(s));
    out.extend(stored_login(s));
    out.extend(primary_api_key(s));
    out.extend(custom_headers(s));
    out
}

/// A candidate from one variable definition: an fd variable reads as `fd`, an empty one as
/// [`CredValue::Empty`].
fn from_env(def: &EnvDef, source: SourceId) -> Option<Candidate> {
    let fd = source.props().fd;
    let value = match credential_value(&def.raw) {
        None => CredValue::Empty,
        Some(v) if fd => CredValue::Fd(v.to_owned()),
        Some(v) => CredValue::Secret(v.to_owned()),
    };
    let origin = if fd && value != CredValue::Empty {
        Origin::Fd
    } else {
        def.origin
    };
    Some(Candidate::new(source, origin, def.location.clone(), value))
}

/// The credential variables: those whose value is sent (in a header named by their source),
/// plus every set-but-empty credential variable.
fn variables(s: &Snapshot) -> Vec<Candidate> {
    let sent = SourceId::ALL.into_iter().filter(|src| {
        let p = src.props();
        p.variable.is_some() && matches!(p.header, HeaderUse::ApiKey | HeaderUse::Bearer)
    });
    let mut out: Vec<Candidate> = sent
        .filter_map(|src| {
            let def = s.var(src.props().variable?)?;
            from_env(def, src).filter(|c| c.value != CredValue::Empty)
        })
        .collect();
    for name in SECRET_VARS.iter().chain(FD_VARS.iter()) {
        let (Some(def), Some(source)) = (s.var(name), SourceId::of_variable(name)) else {
            continue;
        };
        if is_blank(&def.raw) {
            out.push(Candidate::new(
                source,
                def.origin,
                def.location.clone(),
                CredValue::Empty,
            ));
        }
    }
    out
}

/// `apiKeyHelper` at every settings level that sets one, lowest first (`~/.claude.json` has none).
fn helpers(s: &Snapshot) -> Vec<Candidate> {
    s.settings
        .iter()
        .filter(|f| f.origin != Origin::GlobalConfig)
        .filter_map(|f| {
            let (cmd, location) = f.string_setting("apiKeyHelper")?;
            credential_value(&cmd)?;
            Some(Candidate::new(
                SourceId::ApiKeyHelper,
                f.origin,
                location,
                CredValue::Helper(cmd.trim().to_owned()),
            ))
        })
        .collect()
}

fn remote(s: &Snapshot) -> Vec<Candidate> {
    s.remote
        .iter()
        .map(|f| {
            let source = if f.oauth {
                SourceId::RemoteOauthToken
            } else {
                SourceId::RemoteApiKey
            };
            Candidate::new(
                source,
                Origin::File,
                Location::file(&f.path),
                CredValue::Secret(f.value.clone()),
            )
        })
        .collect()
}

fn stored_login(s: &Snapshot) -> Option<Candidate> {
    let login = s.stored_login.as_ref()?;
    (login.has_access_token || login.has_refresh_token).then(|| {
        Candidate::new(
            SourceId::CredentialsFile,
            Origin::File,
            Location::file(&login.path),
            CredValue::StoredLogin(login.describe()),
        )
    })
}

fn primary_api_key(s: &Snapshot) -> Option<Candidate> {
    let (value, location) = s.global_config()?.string_setting("primaryApiKey")?;
    let value = credential_value(&value)?;
    Some(Candidate::new(
        SourceId::PrimaryApiKey,
        Origin::GlobalConfig,
        location,
        CredValue::Secret(value.to_owned()),
    ))
}

fn custom_headers(s: &Snapshot) -> Vec<Candidate> {
    let Some(def) = s.var(vars::CUSTOM_HEADERS) else {
        return Vec::new();
    };
    [HeaderName::XApiKey, HeaderName::Authorization]
        .into_iter()
        .filter_map(|name| {
            let value = custom_header(s, name.id())?;
            let mut c = Candidate::new(
                SourceId::CustomHeaders,
                def.origin,
                def.location.clone(),
                CredValue::Secret(value),
            );
            c.header = Some(name);
            Some(c)
        })
        .collect()
}

/// The value of a header in `ANTHROPIC_CUSTOM_HEADERS` (name compared case-insensitively).
pub fn custom_header(s: &Snapshot, name: &str) -> Option<String> {
    header_value(&s.var(vars::CUSTOM_HEADERS)?.raw, name)
}

/// The value of header `name` in `ANTHROPIC_CUSTOM_HEADERS` text (`Name: value` lines; the name
/// compared case-insensitively; the first non-empty one wins).
pub fn header_value(raw: &str, name: &str) -> Option<String> {
    header_lines(raw)
        .find(|(n, v)| n.eq_ignore_ascii_case(name) && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// The `Name: value` lines of `ANTHROPIC_CUSTOM_HEADERS` text, name and value trimmed; lines
/// without a colon are skipped.
pub fn header_lines(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    raw.lines().filter_map(|line| {
        let (n, v) = line.split_once(':')?;
        Some((n.trim(), v.trim()))
    })
}

crate::serialize_by_id!(HeaderName);
