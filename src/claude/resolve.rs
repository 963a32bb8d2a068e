//! The resolver: which credential goes out in which header, and why every other credential
//! present does not. A pure function of the [`Snapshot`] (discovery already happened there):
//! candidates are collected, filters turn some into [`Ignored`] with a reason, and one placement
//! function per provider fills the two headers from a precedence table that reads like section 4
//! of the reference.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::candidates::{self, Candidate, CredValue, HeaderName};
use super::files::INFERENCE_SCOPE;
use super::provider::{self, CloudCredential, Provider};
use super::snapshot::Snapshot;
use super::sources::{vars, SourceId};
use super::{Location, Mode, Origin};

/// A header that will be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The credential it carries.
    pub candidate: Candidate,
    /// The OAuth beta header goes along (an OAuth credential, or a custom `Authorization` that
    /// replaced one).
    pub oauth_beta: bool,
    /// Seen to be sent only sometimes (a race in Claude Code).
    pub uncertain: bool,
}

impl Header {
    fn of(candidate: Candidate) -> Self {
        Self {
            oauth_beta: candidate.is_oauth(),
            candidate,
            uncertain: false,
        }
    }

    /// The source of the credential sent.
    pub fn source(&self) -> SourceId {
        self.candidate.source
    }

    /// `NAME from SOURCE (value, origin)`, the header named `name` in a sentence; redacted.
    pub fn phrase(&self, name: &str) -> String {
        let c = &self.candidate;
        // `phrase`, not `redacted`: the value is already inside these parentheses.
        format!(
            "{name} from {} ({}, {})",
            c.source,
            c.value.phrase(),
            c.origin
        )
    }
}

impl Serialize for Header {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let c = &self.candidate;
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("source", &c.source)?;
        m.serialize_entry("origin", &c.origin)?;
        m.serialize_entry("oauth", &self.oauth_beta)?;
        m.serialize_entry("redacted", &c.redacted())?;
        if self.uncertain {
            m.serialize_entry("uncertain", &true)?;
        }
        m.end()
    }
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

    /// The credential sources sent, once each, `x-api-key`'s first.
    pub fn source_ids(&self) -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = self.iter().map(|(_, h)| h.source().id()).collect();
        ids.dedup();
        ids
    }

    /// True when nothing will be sent: "Not logged in".
    pub fn is_empty(&self) -> bool {
        self.x_api_key.is_none() && self.authorization.is_none()
    }

    /// True when some header comes from `source` (or a source with the same id).
    pub fn uses(&self, source: SourceId) -> bool {
        self.iter().any(|(_, h)| h.source().same_as(source))
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub candidate: Candidate,
    pub reason: IgnoreReason,
}

impl Ignored {
    /// The source of the credential not sent.
    pub fn source(&self) -> SourceId {
        self.candidate.source
    }
}

impl Serialize for Ignored {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        /// Schema 1's shape: the candidate's fields, then the reason's, flattened.
        #[derive(Serialize)]
        struct Json<'a> {
            source: SourceId,
            origin: Origin,
            oauth: bool,
            redacted: String,
            #[serde(flatten)]
            reason: &'a IgnoreReason,
        }
        let c = &self.candidate;
        Json {
            source: c.source,
            origin: c.origin,
            oauth: c.is_oauth(),
            redacted: c.redacted(),
            reason: &self.reason,
        }
        .serialize(ser)
    }
}

/// The answer: what Claude Code will send, and what it will not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub mode: Mode,
    pub bare: bool,
    pub provider: Provider,
    pub headers: Headers,
    pub ignored: Vec<Ignored>,
    /// `CLAUDE_CODE_SKIP_BEDROCK_AUTH` or `_VERTEX_AUTH` is on for the selected provider: the
    /// request goes out even with no credential header (a gateway adds its own).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skip_auth: bool,
    /// The `apiKeyHelper` Claude Code will run, if any (for `--run-helper`).
    #[serde(skip)]
    pub helper: Option<Candidate>,
}

impl Resolution {
    /// What happens when no header is sent, in a few words.
    pub fn nothing_sent(&self) -> String {
        match (self.provider, self.skip_auth) {
            (Provider::Anthropic, _) => "Claude Code stops with \"Not logged in\"".into(),
            (p, true) => format!(
                "the request to {p} goes out without credentials (auth is skipped: for a gateway that adds its own)"
            ),
            (p, false) => format!("the {p} setup fails before any request"),
        }
    }

    /// Every candidate the resolution placed or ignored: headers first, then ignored entries.
    pub fn candidates(&self) -> impl Iterator<Item = &Candidate> {
        self.headers
            .iter()
            .map(|(_, h)| &h.candidate)
            .chain(self.ignored.iter().map(|i| &i.candidate))
    }

    /// Ignored entries for one source (or a source with the same id).
    pub fn ignored_from(&self, source: SourceId) -> impl Iterator<Item = &Ignored> {
        self.ignored
            .iter()
            .filter(move |i| i.source().same_as(source))
    }
}

/// Precedence tables (section 4 of the reference): within each, the first present wins.
mod order {
    use super::SourceId::{self, *};

    /// `x-api-key`: the API key, else the API-key fd, else the hosted-session key file (the
    /// helper comes after all of them).
    pub const X_API_KEY: &[SourceId] = &[ApiKey, ApiKeyFd, RemoteApiKey];
    /// OAuth, used only when nothing above is present: env token > fd > remote file > stored.
    pub const OAUTH: &[SourceId] = &[OauthToken, OauthTokenFd, RemoteOauthToken, CredentialsFile];
}

/// Resolves what Claude Code will send for this snapshot.
pub fn resolve(s: &Snapshot) -> Resolution {
    let provider = provider::select(s);
    let mut out = Placement::default();
    let mut pool = Pool::default();
    let all = candidates::collect(s);
    // The helper Claude Code ranks highest: the last one in layer order.
    let top_helper = all.iter().rposition(|c| c.source == SourceId::ApiKeyHelper);
    let top_origin = top_helper.map(|i| all[i].origin);
    for (i, c) in all.into_iter().enumerate() {
        let helper_rank = top_origin.map(|top| (top, top_helper == Some(i)));
        match filter(s, provider, helper_rank, &c) {
            Some(reason) => out.ignore(c, reason),
            None => pool.0.push(c),
        }
    }
    let helper = pool.peek(SourceId::ApiKeyHelper).cloned();
    match provider {
        Provider::Anthropic => first_party(s, &mut pool, &mut out),
        Provider::Bedrock => bedrock(s, &mut pool, &mut out),
        Provider::Vertex => vertex(s, &mut pool, &mut out),
        Provider::Foundry => foundry(s, &mut pool, &mut out),
    }
    custom_headers(&mut pool, &mut out, provider);
    // Every candidate is now sent or ignored; nothing vanishes.
    debug_assert!(pool.0.is_empty(), "unplaced candidates: {:?}", pool.0);
    out.ignored
        .sort_by_key(|i| (i.candidate.source, i.candidate.origin));
    Resolution {
        mode: s.mode,
        bare: s.is_bare(),
        provider,
        headers: Headers {
            x_api_key: out.key,
            authorization: out.auth,
        },
        ignored: out.ignored,
        skip_auth: match provider {
            Provider::Bedrock => s.truthy(vars::SKIP_BEDROCK_AUTH),
            Provider::Vertex => s.truthy(vars::SKIP_VERTEX_AUTH),
            Provider::Anthropic | Provider::Foundry => false,
        },
        helper,
    }
}

/// The filters, in order: the first that applies says why a candidate is not even considered.
fn filter(
    s: &Snapshot,
    provider: Provider,
    helper_rank: Option<(Origin, bool)>,
    c: &Candidate,
) -> Option<IgnoreReason> {
    // Seen: the repository's own settings cannot set the OAuth token.
    if c.source == SourceId::OauthToken && c.origin.is_repository_settings() {
        return Some(IgnoreReason::RepositorySettingsCannotSet);
    }
    if c.value == CredValue::Empty {
        return Some(IgnoreReason::Empty);
    }
    if let Some(owner) = provider_of_key(c.source) {
        return (owner != provider)
            .then_some(IgnoreReason::ProviderNotSelected { provider: owner });
    }
    if c.source == SourceId::ApiKeyHelper {
        return helper_rank
            .and_then(|(top, is_top)| helper_filter(s.is_bare(), top, is_top, c.origin));
    }
    if s.is_bare() && !c.source.props().read_in_bare {
        return Some(IgnoreReason::BareMode);
    }
    if s.mode == Mode::Interactive && c.source == SourceId::ApiKey {
        return approval(s, c);
    }
    None
}

/// The provider a provider-only key belongs to.
fn provider_of_key(source: SourceId) -> Option<Provider> {
    match source {
        SourceId::BedrockBearer => Some(Provider::Bedrock),
        SourceId::FoundryApiKey => Some(Provider::Foundry),
        _ => None,
    }
}

/// Helpers: managed > `--settings` > local > project > user, the highest (`top`, the last
/// one read) wins (seen). Bare mode reads only the `--settings` helper, even when a higher one
/// exists; then every other helper is unread, not outranked.
fn helper_filter(bare: bool, top: Origin, is_top: bool, origin: Origin) -> Option<IgnoreReason> {
    let from_cli = origin == Origin::SettingsCli;
    match (bare, from_cli, top == Origin::SettingsCli) {
        (true, true, _) => None,
        (true, false, false) => Some(IgnoreReason::BareMode),
        _ if is_top => None,
        _ => Some(IgnoreReason::OutrankedBy { by: top }),
    }
}

/// Interactive mode: an API key is used only once approved in `customApiKeyResponses` (by the
/// last 20 characters of the trimmed key).
fn approval(s: &Snapshot, c: &Candidate) -> Option<IgnoreReason> {
    let key = c.value.secret()?;
    let chars: Vec<char> = key.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(20)..].iter().collect();
    let listed = |list: &str| {
        s.global_config()
            .and_then(|g| {
                g.doc
                    .value
                    .pointer(&format!("/customApiKeyResponses/{list}"))
            })
            .and_then(|v| v.as_array())
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(tail.as_str())))
    };
    if listed("rejected") {
        Some(IgnoreReason::Rejected)
    } else if listed("approved") {
        None
    } else {
        Some(IgnoreReason::NotApproved)
    }
}

/// The candidates that passed the filters, not yet placed or ignored.
#[derive(Debug, Default)]
struct Pool(Vec<Candidate>);

impl Pool {
    fn peek(&self, source: SourceId) -> Option<&Candidate> {
        self.0.iter().find(|c| c.source == source)
    }

    /// Takes the candidate of a source.
    fn take(&mut self, source: SourceId) -> Option<Candidate> {
        let i = self.0.iter().position(|c| c.source == source)?;
        Some(self.0.remove(i))
    }

    /// Takes every candidate of the given sources, in the table's order.
    fn take_in_order(&mut self, table: &[SourceId]) -> Vec<Candidate> {
        table.iter().filter_map(|s| self.take(*s)).collect()
    }

    /// True when `ANTHROPIC_CUSTOM_HEADERS` carries an `Authorization` not placed yet.
    fn has_custom_authorization(&self) -> bool {
        self.0
            .iter()
            .any(|c| c.header == Some(HeaderName::Authorization))
    }

    /// Takes every candidate except the custom headers (placed last, for every provider).
    fn take_rest(&mut self) -> Vec<Candidate> {
        let (custom, rest) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(|c| c.source == SourceId::CustomHeaders);
        self.0 = custom;
        rest
    }
}

/// The headers being filled and what was ignored on the way.
#[derive(Debug, Default)]
struct Placement {
    key: Option<Header>,
    auth: Option<Header>,
    ignored: Vec<Ignored>,
}

impl Placement {
    fn ignore(&mut self, candidate: Candidate, reason: IgnoreReason) {
        self.ignored.push(Ignored { candidate, reason });
    }

    fn ignore_all(&mut self, candidates: Vec<Candidate>, reason: &IgnoreReason) {
        for c in candidates {
            self.ignore(c, reason.clone());
        }
    }

    /// Everything not placed yet (but the custom headers) is ignored for `reason`.
    fn drop_rest(&mut self, pool: &mut Pool, reason: IgnoreReason) {
        let rest = pool.take_rest();
        self.ignore_all(rest, &reason);
    }

    /// Places an OAuth credential in `authorization` if it has the inference scope.
    fn place_oauth(&mut self, s: &Snapshot, c: Candidate) {
        if oauth_scope_ok(s, &c) {
            self.auth = Some(Header::of(c));
        } else {
            self.ignore(c, IgnoreReason::MissingScope);
        }
    }

    /// Places the first OAuth credential; the others are shadowed by it.
    fn place_first_oauth(&mut self, s: &Snapshot, chain: Vec<Candidate>) {
        let mut chain = chain.into_iter();
        let Some(first) = chain.next() else { return };
        let by = first.source;
        self.place_oauth(s, first);
        self.ignore_all(chain.collect(), &IgnoreReason::ShadowedBy { by });
    }
}

fn oauth_scope_ok(s: &Snapshot, c: &Candidate) -> bool {
    if c.source == SourceId::CredentialsFile {
        return s
            .stored_login
            .as_ref()
            .is_some_and(|l| l.has_inference_scope());
    }
    match s.value(vars::OAUTH_SCOPES) {
        Some(scopes) => scopes.split([' ', ',']).any(|x| x == INFERENCE_SCOPE),
        None => true,
    }
}

/// The first-party API (section 4 of the reference).
fn first_party(s: &Snapshot, pool: &mut Pool, out: &mut Placement) {
    let oauth = pool.take_in_order(order::OAUTH);
    // Seen: a hosted session sends only its OAuth credential when it has one (not in bare mode);
    // an OAuth credential without the inference scope (a stored login lacking it, or a token
    // with CLAUDE_CODE_OAUTH_SCOPES lacking it) does not count as one: the normal rules apply.
    let hosted_oauth = oauth.iter().any(|c| oauth_scope_ok(s, c));
    if s.truthy(vars::REMOTE) && !s.is_bare() && hosted_oauth {
        out.place_first_oauth(s, oauth);
        out.drop_rest(pool, IgnoreReason::RemoteSessionUsesOauth);
        return;
    }
    let helper = pool.take(SourceId::ApiKeyHelper);
    let auth_token = pool.take(SourceId::AuthToken);
    let bearer_from_token = auth_token.is_some();
    // Authorization: Bearer: the auth token, else the helper's output.
    let mut keys = pool.take_in_order(order::X_API_KEY).into_iter();
    let key = keys.next();
    if let Some(first) = &key {
        let by = first.source;
        out.ignore_all(keys.collect(), &IgnoreReason::ShadowedBy { by });
    }
    match (auth_token, key, helper) {
        (a, k, Some(h)) if a.is_some() && k.is_some() => {
            out.ignore(
                h,
                IgnoreReason::ShadowedBy {
                    by: SourceId::AuthToken,
                },
            );
            out.auth = a.map(Header::of);
            out.key = k.map(Header::of);
        }
        (a, k, h) => {
            out.auth = a.or_else(|| h.clone()).map(Header::of);
            out.key = k.or(h).map(Header::of);
        }
    }
    // Seen in bare mode: with an auth token, the helper's x-api-key is sent only sometimes.
    if s.is_bare() && bearer_from_token {
        if let Some(key) = out
            .key
            .as_mut()
            .filter(|k| k.source() == SourceId::ApiKeyHelper)
        {
            key.uncertain = true;
        }
    }
    let blocker = out.key.as_ref().or(out.auth.as_ref()).map(Header::source);
    match blocker {
        Some(by) => out.ignore_all(oauth, &IgnoreReason::ShadowedBy { by }),
        None => out.place_first_oauth(s, oauth),
    }
    // Seen: primaryApiKey fills an empty x-api-key, even beside ANTHROPIC_AUTH_TOKEN, but never
    // goes out with an OAuth credential.
    if let Some(p) = pool.take(SourceId::PrimaryApiKey) {
        let oauth_auth = out
            .auth
            .as_ref()
            .filter(|h| h.oauth_beta)
            .map(Header::source);
        match oauth_auth.or(out.key.as_ref().map(Header::source)) {
            Some(by) => out.ignore(p, IgnoreReason::ShadowedBy { by }),
            None => out.key = Some(Header::of(p)),
        }
    }
    if out.key.is_none() && out.auth.is_none() {
        out.auth = federation(s);
    }
}

/// Workload identity federation, when complete: where it stands in the order was not observed,
/// so the header is marked uncertain.
fn federation(s: &Snapshot) -> Option<Header> {
    if provider::federation(s) != Some(true) {
        return None;
    }
    let def = s.var(vars::FEDERATION_RULE_ID)?;
    Some(Header {
        candidate: Candidate {
            source: SourceId::Federation,
            origin: def.origin,
            location: def.location.clone(),
            value: CredValue::Described(
                "token exchanged through workload identity federation".into(),
            ),
            header: None,
        },
        oauth_beta: false,
        uncertain: true,
    })
}

/// OAuth credentials and `primaryApiKey` are never sent to a cloud provider.
fn drop_first_party_only(pool: &mut Pool, out: &mut Placement, provider: Provider) {
    let oauth = pool.take_in_order(order::OAUTH);
    out.ignore_all(oauth, &IgnoreReason::Provider { provider });
    if let Some(p) = pool.take(SourceId::PrimaryApiKey) {
        out.ignore(p, IgnoreReason::Provider { provider });
    }
}

/// A cloud credential found by discovery, as a header.
fn cloud(source: SourceId, c: &CloudCredential) -> Header {
    Header::of(Candidate {
        source,
        origin: c.origin,
        location: c.location.clone(),
        value: CredValue::Described(c.describe.clone()),
        header: None,
    })
}

/// With a provider's skip switch: `ANTHROPIC_AUTH_TOKEN`, else the helper's output, goes as
/// Bearer (the helper then only in Authorization).
fn skip_auth_bearer(pool: &mut Pool, out: &mut Placement) {
    let a = pool.take(SourceId::AuthToken);
    let h = pool.take(SourceId::ApiKeyHelper);
    match (a, h) {
        (Some(a), Some(h)) => {
            out.auth = Some(Header::of(a));
            out.ignore(
                h,
                IgnoreReason::ShadowedBy {
                    by: SourceId::AuthToken,
                },
            );
        }
        (a, h) => out.auth = a.or(h).map(Header::of),
    }
}

/// Amazon Bedrock (section 7).
fn bedrock(s: &Snapshot, pool: &mut Pool, out: &mut Placement) {
    let provider = Provider::Bedrock;
    drop_first_party_only(pool, out, provider);
    if let Some(bearer) = pool.take(SourceId::BedrockBearer) {
        out.auth = Some(Header::of(bearer));
        out.drop_rest(
            pool,
            IgnoreReason::ShadowedBy {
                by: SourceId::BedrockBearer,
            },
        );
        return;
    }
    if s.truthy(vars::SKIP_BEDROCK_AUTH) {
        skip_auth_bearer(pool, out);
        let custom_auth = pool.has_custom_authorization();
        if let Some(k) = pool.take(SourceId::ApiKey) {
            if out.auth.is_some() || custom_auth {
                out.key = Some(Header::of(k));
            } else {
                out.ignore(k, IgnoreReason::NeedsAuthorization);
            }
        }
    } else {
        out.auth = s.cloud.aws.as_ref().map(|c| cloud(SourceId::AwsSdk, c));
    }
    out.drop_rest(pool, IgnoreReason::Provider { provider });
}

/// Google Vertex AI (section 7).
fn vertex(s: &Snapshot, pool: &mut Pool, out: &mut Placement) {
    let provider = Provider::Vertex;
    drop_first_party_only(pool, out, provider);
    if s.value(vars::VERTEX_PROJECT_ID).is_none() {
        out.drop_rest(pool, IgnoreReason::ProviderIncomplete { provider });
        return;
    }
    if s.truthy(vars::SKIP_VERTEX_AUTH) {
        skip_auth_bearer(pool, out);
        out.key = pool.take(SourceId::ApiKey).map(Header::of);
    } else {
        out.auth = s
            .cloud
            .google
            .as_ref()
            .map(|c| cloud(SourceId::GoogleAdc, c));
    }
    out.drop_rest(pool, IgnoreReason::Provider { provider });
}

/// Microsoft Foundry (section 7).
fn foundry(s: &Snapshot, pool: &mut Pool, out: &mut Placement) {
    let provider = Provider::Foundry;
    drop_first_party_only(pool, out, provider);
    if !provider::foundry_endpoint(s) {
        out.drop_rest(pool, IgnoreReason::ProviderIncomplete { provider });
        return;
    }
    if let Some(key) = pool.take(SourceId::FoundryApiKey) {
        out.key = Some(Header::of(key));
        out.drop_rest(
            pool,
            IgnoreReason::ShadowedBy {
                by: SourceId::FoundryApiKey,
            },
        );
        return;
    }
    if s.truthy(vars::SKIP_FOUNDRY_AUTH) {
        // Seen: the auth token, else the helper, else a custom Authorization, and only then the
        // fixed placeholder; an API key is never sent (a custom x-api-key still is).
        skip_auth_bearer(pool, out);
        let custom_auth = pool.has_custom_authorization();
        if out.auth.is_none() && !custom_auth {
            let location = s
                .var(vars::SKIP_FOUNDRY_AUTH)
                .map_or(Location::Environment, |d| d.location.clone());
            out.auth = Some(Header::of(Candidate {
                source: SourceId::FoundrySkip,
                origin: Origin::Process,
                location,
                value: CredValue::Placeholder("skip-foundry-auth"),
                header: None,
            }));
        }
    } else {
        out.auth = s
            .cloud
            .azure
            .as_ref()
            .map(|c| cloud(SourceId::AzureCredential, c));
    }
    out.drop_rest(pool, IgnoreReason::Provider { provider });
}

/// `ANTHROPIC_CUSTOM_HEADERS`, sent with every request (section 4): a custom `x-api-key`
/// replaces any other; a custom `Authorization` replaces only an OAuth credential or nothing.
fn custom_headers(pool: &mut Pool, out: &mut Placement, provider: Provider) {
    // Seen (7 of 7 cases): with a Foundry key, a custom Authorization is not sent at all.
    let foundry_key = provider == Provider::Foundry
        && out
            .key
            .as_ref()
            .is_some_and(|h| h.source() == SourceId::FoundryApiKey);
    while let Some(c) = pool.take(SourceId::CustomHeaders) {
        let is_key = c.header == Some(HeaderName::XApiKey);
        if !is_key && foundry_key {
            out.ignore(
                c,
                IgnoreReason::ShadowedBy {
                    by: SourceId::FoundryApiKey,
                },
            );
            continue;
        }
        let slot = if is_key { &mut out.key } else { &mut out.auth };
        let was_oauth = slot.as_ref().is_some_and(|h| h.oauth_beta);
        if is_key || slot.is_none() || was_oauth {
            // Seen: the OAuth beta header still goes out with a custom Authorization that
            // replaced an OAuth credential.
            let header = Header {
                candidate: c,
                oauth_beta: was_oauth,
                uncertain: false,
            };
            if let Some(old) = slot.replace(header) {
                out.ignore(old.candidate, IgnoreReason::ReplacedByCustomHeader);
            }
        } else if let Some(by) = slot.as_ref().map(Header::source) {
            out.ignore(c, IgnoreReason::ShadowedBy { by });
        }
    }
}

#[cfg(test)]
mod tests;
