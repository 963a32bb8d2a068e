//! The precedence resolver: which credential goes out in which header, and why every other
//! credential present does not. Follows the two-header model of the reference (section 4).

use serde::Serialize;

use super::files::INFERENCE_SCOPE;
use super::provider::{self, Provider};
use super::snapshot::{EnvDef, Snapshot};
use super::sources::{vars, SourceId, FD_VARS, SECRET_VARS};
use super::values::{credential_value, is_blank};
use super::{Location, Mode, Origin};
use crate::redact::redact;

/// What a credential's value is, as far as ccauth can know without using it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredValue {
    /// A literal value (trimmed).
    Secret(String),
    /// An inherited file descriptor number: the secret is read by `claude` itself.
    Fd(String),
    /// A command whose output is the secret.
    Helper(String),
    /// A stored `/login`, with a description (plan, expiry) safe to print.
    StoredLogin(String),
    /// A cloud credential ccauth can see but does not read (a description).
    Cloud(String),
    /// A fixed, non-secret placeholder Claude Code sends.
    Placeholder(&'static str),
}

/// One credential that Claude Code could use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub source: SourceId,
    pub origin: Origin,
    pub location: Location,
    pub oauth: bool,
    pub value: CredValue,
}

impl Credential {
    /// The value as it may be printed.
    pub fn redacted(&self) -> String {
        match &self.value {
            CredValue::Secret(v) => redact(v),
            CredValue::Fd(n) => format!("(read from fd {n})"),
            CredValue::Helper(_) => "(command output)".into(),
            CredValue::StoredLogin(d) => format!("({d})"),
            CredValue::Cloud(d) => format!("({d})"),
            CredValue::Placeholder(p) => (*p).to_owned(),
        }
    }

    /// The literal secret, when the credential has one.
    pub fn secret(&self) -> Option<&str> {
        match &self.value {
            CredValue::Secret(v) => Some(v),
            _ => None,
        }
    }

    fn header(&self) -> Header {
        Header {
            source: self.source,
            origin: self.origin,
            oauth: self.oauth,
            redacted: self.redacted(),
            uncertain: false,
            location: self.location.clone(),
        }
    }
}

/// A header that will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub source: SourceId,
    pub origin: Origin,
    pub oauth: bool,
    pub redacted: String,
    /// Seen to be sent only sometimes (a race in Claude Code); present only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    #[serde(skip)]
    pub location: Location,
}

/// The two auth headers, resolved independently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Headers {
    #[serde(rename = "x-api-key", skip_serializing_if = "Option::is_none")]
    pub x_api_key: Option<Header>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Header>,
}

impl Headers {
    /// The headers that will be sent, `x-api-key` first.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Header)> {
        [
            ("x-api-key", self.x_api_key.as_ref()),
            ("authorization", self.authorization.as_ref()),
        ]
        .into_iter()
        .filter_map(|(n, h)| h.map(|h| (n, h)))
    }

    /// True when nothing will be sent: "Not logged in".
    pub fn is_empty(&self) -> bool {
        self.x_api_key.is_none() && self.authorization.is_none()
    }

    /// True when some header comes from `source`.
    pub fn uses(&self, source: SourceId) -> bool {
        self.iter().any(|(_, h)| h.source == source)
    }
}

/// Why a present credential is not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum IgnoreReason {
    /// Set but empty or blank, which Claude Code treats as unset.
    Empty,
    /// Another credential wins the header(s) this one would fill.
    ShadowedBy { by: SourceId },
    /// Bare mode does not read this source.
    BareMode,
    /// The selected cloud provider never sends this credential.
    Provider { provider: Provider },
    /// This is a provider's credential, but that provider is not selected.
    ProviderNotSelected { provider: Provider },
    /// The provider's configuration is incomplete, so no request is made.
    ProviderIncomplete { provider: Provider },
    /// With `CLAUDE_CODE_SKIP_BEDROCK_AUTH` an API key goes along only with an Authorization.
    NeedsAuthorization,
    /// Interactive mode: the key was never approved in `customApiKeyResponses`.
    NotApproved,
    /// Interactive mode: the key was rejected in `customApiKeyResponses`.
    Rejected,
    /// The OAuth credential lacks the `user:inference` scope.
    MissingScope,
    /// Project and local settings cannot set `CLAUDE_CODE_OAUTH_TOKEN` (seen).
    RepositorySettingsCannotSet,
    /// A higher settings level defines its own `apiKeyHelper`.
    OutrankedBy { by: Origin },
    /// A hosted session sends only its OAuth credential.
    RemoteSessionUsesOauth,
    /// `ANTHROPIC_CUSTOM_HEADERS` sends its own value for this header.
    ReplacedByCustomHeader,
}

impl IgnoreReason {
    /// A sentence fragment explaining the reason.
    pub fn explain(&self) -> String {
        match self {
            Self::Empty => "set but empty, so Claude Code treats it as unset".into(),
            Self::ShadowedBy { by } => format!("shadowed by {by}"),
            Self::BareMode => "bare mode does not read it".into(),
            Self::Provider { provider } => format!("never sent to {provider}"),
            Self::ProviderNotSelected { provider } => {
                format!("only used with {provider}, which is not selected")
            }
            Self::ProviderIncomplete { provider } => {
                format!("{provider} is not fully configured, so no request is made")
            }
            Self::NeedsAuthorization => {
                "with CLAUDE_CODE_SKIP_BEDROCK_AUTH it is sent only beside an Authorization header"
                    .into()
            }
            Self::NotApproved => "interactive mode: this key was never approved".into(),
            Self::Rejected => "interactive mode: this key was rejected".into(),
            Self::MissingScope => format!("lacks the {INFERENCE_SCOPE} scope"),
            Self::RepositorySettingsCannotSet => {
                "project and local settings cannot set CLAUDE_CODE_OAUTH_TOKEN".into()
            }
            Self::OutrankedBy { by } => format!("outranked by the apiKeyHelper of {by}"),
            Self::RemoteSessionUsesOauth => {
                "a hosted session (CLAUDE_CODE_REMOTE) sends only its OAuth credential".into()
            }
            Self::ReplacedByCustomHeader => "replaced by ANTHROPIC_CUSTOM_HEADERS".into(),
        }
    }
}

/// A credential that is present but not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    pub source: SourceId,
    pub origin: Origin,
    pub oauth: bool,
    pub redacted: String,
    #[serde(flatten)]
    pub reason: IgnoreReason,
    #[serde(skip)]
    pub location: Location,
}

/// The answer: what Claude Code will send, and what it will not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub mode: Mode,
    pub bare: bool,
    pub provider: Provider,
    pub headers: Headers,
    pub ignored: Vec<Ignored>,
    /// The `apiKeyHelper` Claude Code will run, if any (for `--run-helper`).
    #[serde(skip)]
    pub helper: Option<Credential>,
}

impl Resolution {
    /// What happens when no header is sent, in a few words.
    pub fn nothing_sent(&self) -> String {
        match self.provider {
            Provider::Anthropic => "Claude Code stops with \"Not logged in\"".into(),
            p => format!("the {p} setup fails before any request"),
        }
    }

    /// Ignored entries for one source.
    pub fn ignored_from(&self, source: SourceId) -> impl Iterator<Item = &Ignored> {
        self.ignored.iter().filter(move |i| i.source == source)
    }
}

/// Resolves what Claude Code will send for this snapshot.
pub fn resolve(s: &Snapshot) -> Resolution {
    let mut r = Resolver::new(s);
    r.unused_provider_keys();
    match r.provider {
        Provider::Anthropic => r.first_party(),
        Provider::Bedrock => r.bedrock(),
        Provider::Vertex => r.vertex(),
        Provider::Foundry => r.foundry(),
    }
    r.custom_headers();
    r.finish()
}

/// A header slot being filled.
type Slot = Option<Header>;

struct Resolver<'a> {
    s: &'a Snapshot,
    provider: Provider,
    auth: Slot,
    key: Slot,
    ignored: Vec<Ignored>,
    /// Credentials that have not been placed or ignored yet.
    a: Option<Credential>,
    k: Option<Credential>,
    kfd: Option<Credential>,
    helper: Option<Credential>,
    active_helper: Option<Credential>,
    oauth: Vec<Credential>,
    remote_key: Option<Credential>,
    primary: Option<Credential>,
}

fn env_def_credential(def: &EnvDef, source: SourceId, oauth: bool) -> Option<Credential> {
    let value = credential_value(&def.raw)?;
    let (origin, value) = if FD_VARS.contains(&def.name.as_str()) {
        (Origin::Fd, CredValue::Fd(value.to_owned()))
    } else {
        (def.origin, CredValue::Secret(value.to_owned()))
    };
    Some(Credential {
        source,
        origin,
        location: def.location.clone(),
        oauth,
        value,
    })
}

impl<'a> Resolver<'a> {
    fn new(s: &'a Snapshot) -> Self {
        let env = |name: &str, source: SourceId, oauth: bool| {
            s.var(name)
                .and_then(|d| env_def_credential(d, source, oauth))
        };
        let mut r = Self {
            s,
            provider: provider::select(s),
            auth: None,
            key: None,
            ignored: Vec::new(),
            a: env(vars::AUTH_TOKEN, SourceId::AuthToken, false),
            k: env(vars::API_KEY, SourceId::ApiKey, false),
            kfd: env(vars::API_KEY_FD, SourceId::ApiKeyFd, false),
            helper: None,
            active_helper: None,
            oauth: Vec::new(),
            remote_key: None,
            primary: None,
        };
        r.note_empty_and_blocked();
        r.collect_helpers();
        r.collect_oauth();
        r.collect_primary();
        r.apply_bare_mode();
        r.apply_approval();
        r
    }

    fn ignore(&mut self, c: &Credential, reason: IgnoreReason) {
        self.ignored.push(Ignored {
            source: c.source,
            origin: c.origin,
            oauth: c.oauth,
            redacted: c.redacted(),
            reason,
            location: c.location.clone(),
        });
    }

    fn ignore_opt(&mut self, c: Option<Credential>, reason: IgnoreReason) {
        if let Some(c) = c {
            self.ignore(&c, reason);
        }
    }

    fn note_empty_and_blocked(&mut self) {
        let s = self.s;
        for name in SECRET_VARS.iter().chain(FD_VARS) {
            let Some(def) = s.var(name) else { continue };
            if is_blank(&def.raw) {
                let source = source_of_var(name);
                self.ignored.push(Ignored {
                    source,
                    origin: def.origin,
                    oauth: name.contains("OAUTH"),
                    redacted: String::new(),
                    reason: IgnoreReason::Empty,
                    location: def.location.clone(),
                });
            }
        }
        for def in &s.blocked {
            if let Some(c) = env_def_credential(def, SourceId::OauthToken, true) {
                self.ignore(&c, IgnoreReason::RepositorySettingsCannotSet);
            }
        }
    }

    fn collect_helpers(&mut self) {
        let helpers: Vec<Credential> = self
            .s
            .settings
            .iter()
            .filter(|f| f.origin != Origin::GlobalConfig)
            .filter_map(|f| {
                let (cmd, location) = f.string_setting("apiKeyHelper")?;
                credential_value(&cmd)?;
                Some(Credential {
                    source: SourceId::ApiKeyHelper,
                    origin: f.origin,
                    location,
                    oauth: false,
                    value: CredValue::Helper(cmd.trim().to_owned()),
                })
            })
            .collect();
        // Managed > --settings > local > project > user: the last layer wins.
        let Some(winner) = helpers.last().cloned() else {
            return;
        };
        for h in &helpers[..helpers.len() - 1] {
            if self.s.is_bare() && h.origin == Origin::SettingsCli {
                continue;
            }
            self.ignore(h, IgnoreReason::OutrankedBy { by: winner.origin });
        }
        if self.s.is_bare() {
            // Bare mode reads only the --settings helper, even when a higher one exists.
            let cli = helpers
                .iter()
                .find(|h| h.origin == Origin::SettingsCli)
                .cloned();
            if winner.origin != Origin::SettingsCli {
                self.ignored.retain(|i| {
                    !(i.source == SourceId::ApiKeyHelper
                        && matches!(i.reason, IgnoreReason::OutrankedBy { .. }))
                });
                for h in helpers.iter().filter(|h| h.origin != Origin::SettingsCli) {
                    self.ignore(h, IgnoreReason::BareMode);
                }
            }
            self.helper = cli;
        } else {
            self.helper = Some(winner);
        }
        self.active_helper = self.helper.clone();
    }

    fn collect_oauth(&mut self) {
        let s = self.s;
        let env = |name: &str, source: SourceId| {
            s.var(name)
                .and_then(|d| env_def_credential(d, source, true))
        };
        let mut chain = Vec::new();
        chain.extend(env(vars::OAUTH_TOKEN, SourceId::OauthToken));
        chain.extend(env(vars::OAUTH_TOKEN_FD, SourceId::OauthTokenFd));
        for f in &s.remote {
            let c = Credential {
                source: SourceId::RemoteFile,
                origin: Origin::File,
                location: Location::file(&f.path),
                oauth: f.oauth,
                value: CredValue::Secret(f.value.clone()),
            };
            if f.oauth {
                chain.push(c);
            } else {
                self.remote_key = Some(c);
            }
        }
        if let Some(login) = &s.stored_login {
            if login.has_access_token || login.has_refresh_token {
                chain.push(Credential {
                    source: SourceId::CredentialsFile,
                    origin: Origin::File,
                    location: Location::file(&login.path),
                    oauth: true,
                    value: CredValue::StoredLogin(login.describe()),
                });
            }
        }
        self.oauth = chain;
    }

    fn collect_primary(&mut self) {
        let Some(global) = self.s.global_config() else {
            return;
        };
        let Some((value, location)) = global.string_setting("primaryApiKey") else {
            return;
        };
        let Some(value) = credential_value(&value) else {
            return;
        };
        self.primary = Some(Credential {
            source: SourceId::PrimaryApiKey,
            origin: Origin::GlobalConfig,
            location,
            oauth: false,
            value: CredValue::Secret(value.to_owned()),
        });
    }

    fn apply_bare_mode(&mut self) {
        if !self.s.is_bare() {
            return;
        }
        let dropped: Vec<Credential> = std::mem::take(&mut self.oauth)
            .into_iter()
            .chain(self.kfd.take())
            .chain(self.remote_key.take())
            .chain(self.primary.take())
            .collect();
        for c in dropped {
            self.ignore(&c, IgnoreReason::BareMode);
        }
    }

    fn apply_approval(&mut self) {
        if self.s.mode != Mode::Interactive {
            return;
        }
        let Some(k) = self.k.clone() else { return };
        let Some(key) = k.secret() else { return };
        let tail: String = {
            let chars: Vec<char> = key.chars().collect();
            chars[chars.len().saturating_sub(20)..].iter().collect()
        };
        let listed = |list: &str| {
            self.s
                .global_config()
                .and_then(|g| {
                    g.doc
                        .value
                        .pointer(&format!("/customApiKeyResponses/{list}"))
                })
                .and_then(|v| v.as_array())
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(tail.as_str())))
        };
        let reason = if listed("rejected") {
            Some(IgnoreReason::Rejected)
        } else if listed("approved") {
            None
        } else {
            Some(IgnoreReason::NotApproved)
        };
        if let Some(reason) = reason {
            self.k = None;
            self.ignore(&k, reason);
        }
    }

    /// The first-party API (section 4 of the reference).
    fn first_party(&mut self) {
        if self.s.truthy(vars::REMOTE) && !self.s.is_bare() {
            if let Some(first) = self.oauth.first().cloned() {
                self.place_oauth(first);
                self.drop_first_party(IgnoreReason::RemoteSessionUsesOauth);
                return;
            }
        }
        let helper = self.helper.take();
        let a = self.a.take();
        self.auth = a.as_ref().or(helper.as_ref()).map(Credential::header);
        let key_cred = [self.k.take(), self.kfd.take(), self.remote_key.take()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        if let Some((first, rest)) = key_cred.split_first() {
            self.key = Some(first.header());
            for c in rest {
                self.ignore(c, IgnoreReason::ShadowedBy { by: first.source });
            }
        } else {
            self.key = helper.as_ref().map(Credential::header);
        }
        if let Some(h) = &helper {
            let used = self.auth.as_ref().is_some_and(|x| x.source == h.source)
                || self.key.as_ref().is_some_and(|x| x.source == h.source);
            if !used {
                let by = self.auth.as_ref().map_or(SourceId::ApiKey, |x| x.source);
                self.ignore(h, IgnoreReason::ShadowedBy { by });
            }
            // Seen in bare mode: with an auth token, the helper's x-api-key is sent only sometimes.
            if self.s.is_bare() && a.is_some() {
                if let Some(key) = self
                    .key
                    .as_mut()
                    .filter(|k| k.source == SourceId::ApiKeyHelper)
                {
                    key.uncertain = true;
                }
            }
        }
        let blocker = self.key.as_ref().or(self.auth.as_ref()).map(|h| h.source);
        let oauth = std::mem::take(&mut self.oauth);
        match blocker {
            Some(by) => {
                for c in &oauth {
                    self.ignore(c, IgnoreReason::ShadowedBy { by });
                }
            }
            None => {
                if let Some((first, rest)) = oauth.split_first() {
                    self.place_oauth(first.clone());
                    for c in rest {
                        self.ignore(c, IgnoreReason::ShadowedBy { by: first.source });
                    }
                }
            }
        }
        // Seen: primaryApiKey fills an empty x-api-key, even beside ANTHROPIC_AUTH_TOKEN, but
        // never goes out with an OAuth credential.
        if let Some(p) = self.primary.take() {
            let oauth = self.auth.as_ref().filter(|h| h.oauth).map(|h| h.source);
            match (oauth, self.key.as_ref().map(|h| h.source)) {
                (Some(by), _) | (None, Some(by)) => {
                    self.ignore(&p, IgnoreReason::ShadowedBy { by })
                }
                (None, None) => self.key = Some(p.header()),
            }
        }
        self.federation_fallback();
    }

    /// Places an OAuth credential in `authorization` if it has the inference scope.
    fn place_oauth(&mut self, c: Credential) {
        if self.oauth_scope_ok(&c) {
            self.auth = Some(c.header());
        } else {
            self.ignore(&c, IgnoreReason::MissingScope);
        }
    }

    fn oauth_scope_ok(&self, c: &Credential) -> bool {
        if c.source == SourceId::CredentialsFile {
            return self
                .s
                .stored_login
                .as_ref()
                .is_some_and(|l| l.has_inference_scope());
        }
        match self.s.value(vars::OAUTH_SCOPES) {
            Some(scopes) => scopes.split([' ', ',']).any(|x| x == INFERENCE_SCOPE),
            None => true,
        }
    }

    fn federation_fallback(&mut self) {
        if self.key.is_some() || self.auth.is_some() || provider::federation(self.s) != Some(true) {
            return;
        }
        let Some(def) = self.s.var(vars::FEDERATION_RULE_ID) else {
            return;
        };
        // Where federation stands in the order was not observed: say so.
        self.auth = Some(Header {
            source: SourceId::Federation,
            origin: def.origin,
            oauth: false,
            redacted: "(token exchanged through workload identity federation)".into(),
            uncertain: true,
            location: def.location.clone(),
        });
    }

    /// Ignores every non-OAuth first-party credential not placed yet (a cloud provider, or a
    /// hosted session that sends only OAuth).
    fn drop_first_party(&mut self, reason: IgnoreReason) {
        let rest: Vec<Credential> = [
            self.a.take(),
            self.k.take(),
            self.kfd.take(),
            self.helper.take(),
            self.remote_key.take(),
            self.primary.take(),
        ]
        .into_iter()
        .flatten()
        .collect();
        for c in rest {
            self.ignore(&c, reason.clone());
        }
    }

    fn drop_oauth(&mut self) {
        let provider = self.provider;
        for c in std::mem::take(&mut self.oauth) {
            self.ignore(&c, IgnoreReason::Provider { provider });
        }
        let p = self.primary.take();
        self.ignore_opt(p, IgnoreReason::Provider { provider });
    }

    fn provider_env(&self, name: &str, source: SourceId) -> Option<Credential> {
        self.s
            .var(name)
            .and_then(|d| env_def_credential(d, source, false))
    }

    fn cloud(source: SourceId, c: provider::CloudCredential) -> Header {
        Credential {
            source,
            origin: c.origin,
            location: c.location,
            oauth: false,
            value: CredValue::Cloud(c.describe),
        }
        .header()
    }

    /// With a provider's skip switch: `ANTHROPIC_AUTH_TOKEN`, else the helper's output, goes as
    /// Bearer (the helper then only in Authorization).
    fn skip_auth_bearer(&mut self) {
        let a = self.a.take();
        let h = self.helper.take();
        self.auth = a.as_ref().or(h.as_ref()).map(Credential::header);
        if let (Some(_), Some(h)) = (&a, &h) {
            self.ignore(
                h,
                IgnoreReason::ShadowedBy {
                    by: SourceId::AuthToken,
                },
            );
        }
    }

    fn bedrock(&mut self) {
        let provider = Provider::Bedrock;
        self.drop_oauth();
        if let Some(bearer) = self.provider_env(vars::BEDROCK_BEARER, SourceId::BedrockBearer) {
            self.auth = Some(bearer.header());
            self.drop_first_party(IgnoreReason::ShadowedBy {
                by: SourceId::BedrockBearer,
            });
            return;
        }
        if self.s.truthy(vars::SKIP_BEDROCK_AUTH) {
            self.skip_auth_bearer();
            let custom_auth = custom_header(self.s, "authorization").is_some();
            let k = self.k.take();
            if self.auth.is_some() || custom_auth {
                self.key = k.as_ref().map(Credential::header);
            } else {
                self.ignore_opt(k, IgnoreReason::NeedsAuthorization);
            }
            self.drop_first_party(IgnoreReason::Provider { provider });
            return;
        }
        self.auth = provider::aws_credentials(self.s).map(|c| Self::cloud(SourceId::AwsSdk, c));
        self.drop_first_party(IgnoreReason::Provider { provider });
    }

    fn vertex(&mut self) {
        let provider = Provider::Vertex;
        self.drop_oauth();
        if self.s.value(vars::VERTEX_PROJECT_ID).is_none() {
            self.drop_first_party(IgnoreReason::ProviderIncomplete { provider });
            return;
        }
        if self.s.truthy(vars::SKIP_VERTEX_AUTH) {
            self.skip_auth_bearer();
            self.key = self.k.take().as_ref().map(Credential::header);
            self.drop_first_party(IgnoreReason::Provider { provider });
            return;
        }
        self.auth = provider::google_adc(self.s).map(|c| Self::cloud(SourceId::GoogleAdc, c));
        self.drop_first_party(IgnoreReason::Provider { provider });
    }

    fn foundry(&mut self) {
        let provider = Provider::Foundry;
        self.drop_oauth();
        let key = self.provider_env(vars::FOUNDRY_API_KEY, SourceId::FoundryApiKey);
        if !provider::foundry_endpoint(self.s) {
            self.ignore_opt(key, IgnoreReason::ProviderIncomplete { provider });
            self.drop_first_party(IgnoreReason::ProviderIncomplete { provider });
            return;
        }
        if let Some(key) = key {
            self.key = Some(key.header());
            self.drop_first_party(IgnoreReason::ShadowedBy {
                by: SourceId::FoundryApiKey,
            });
            return;
        }
        if self.s.truthy(vars::SKIP_FOUNDRY_AUTH) {
            let location = self
                .s
                .var(vars::SKIP_FOUNDRY_AUTH)
                .map_or(Location::Environment, |d| d.location.clone());
            self.auth = Some(
                Credential {
                    source: SourceId::FoundrySkip,
                    origin: Origin::Process,
                    location,
                    oauth: false,
                    value: CredValue::Placeholder("skip-foundry-auth"),
                }
                .header(),
            );
        } else {
            self.auth = provider::azure_credential(self.s)
                .map(|c| Self::cloud(SourceId::AzureCredential, c));
        }
        self.drop_first_party(IgnoreReason::Provider { provider });
    }

    /// Provider keys set while their provider is not the selected one.
    fn unused_provider_keys(&mut self) {
        for (name, source, provider) in [
            (
                vars::BEDROCK_BEARER,
                SourceId::BedrockBearer,
                Provider::Bedrock,
            ),
            (
                vars::FOUNDRY_API_KEY,
                SourceId::FoundryApiKey,
                Provider::Foundry,
            ),
        ] {
            if provider != self.provider {
                let c = self.provider_env(name, source);
                self.ignore_opt(c, IgnoreReason::ProviderNotSelected { provider });
            }
        }
    }

    /// `ANTHROPIC_CUSTOM_HEADERS`: sent with every request; see the reference, section 4.
    fn custom_headers(&mut self) {
        let Some(def) = self.s.var(vars::CUSTOM_HEADERS) else {
            return;
        };
        for name in ["x-api-key", "authorization"] {
            let Some(value) = custom_header(self.s, name) else {
                continue;
            };
            let c = Credential {
                source: SourceId::CustomHeaders,
                origin: def.origin,
                location: def.location.clone(),
                oauth: false,
                value: CredValue::Secret(value),
            };
            let slot = if name == "x-api-key" {
                &mut self.key
            } else {
                &mut self.auth
            };
            let replaces = name == "x-api-key" || slot.as_ref().is_none_or(|h| h.oauth);
            if replaces {
                let mut header = c.header();
                // Seen: the OAuth beta header still goes out with a custom Authorization that
                // replaced an OAuth credential.
                header.oauth = slot.as_ref().is_some_and(|h| h.oauth);
                if let Some(old) = slot.replace(header) {
                    self.ignored.push(Ignored {
                        source: old.source,
                        origin: old.origin,
                        oauth: old.oauth,
                        redacted: old.redacted,
                        reason: IgnoreReason::ReplacedByCustomHeader,
                        location: old.location,
                    });
                }
            } else if let Some(by) = slot.as_ref().map(|h| h.source) {
                self.ignore(&c, IgnoreReason::ShadowedBy { by });
            }
        }
    }

    fn finish(mut self) -> Resolution {
        // One order whatever the path that ignored them: source precedence, then settings level.
        self.ignored.sort_by_key(|i| (i.source, i.origin));
        Resolution {
            mode: self.s.mode,
            bare: self.s.is_bare(),
            provider: self.provider,
            headers: Headers {
                x_api_key: self.key,
                authorization: self.auth,
            },
            ignored: self.ignored,
            helper: self.active_helper,
        }
    }
}

/// The value of a header in `ANTHROPIC_CUSTOM_HEADERS` (name compared case-insensitively).
pub fn custom_header(s: &Snapshot, name: &str) -> Option<String> {
    let raw = &s.var(vars::CUSTOM_HEADERS)?.raw;
    raw.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        (n.trim().eq_ignore_ascii_case(name))
            .then(|| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    })
}

fn source_of_var(name: &str) -> SourceId {
    match name {
        vars::AUTH_TOKEN => SourceId::AuthToken,
        vars::API_KEY => SourceId::ApiKey,
        vars::API_KEY_FD => SourceId::ApiKeyFd,
        vars::OAUTH_TOKEN => SourceId::OauthToken,
        vars::OAUTH_TOKEN_FD => SourceId::OauthTokenFd,
        vars::BEDROCK_BEARER => SourceId::BedrockBearer,
        vars::FOUNDRY_API_KEY => SourceId::FoundryApiKey,
        _ => SourceId::Federation,
    }
}

#[cfg(test)]
mod tests;
