//! The names of every credential source and of the variables Claude Code reads for auth.

use std::fmt;

/// Where a credential comes from: the `source` field of the JSON output and the value of
/// `--expect`. Names follow the reference's source table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceId {
    /// `ANTHROPIC_AUTH_TOKEN`: sent as `Authorization: Bearer`, without the OAuth beta.
    AuthToken,
    /// `ANTHROPIC_API_KEY`: sent as `x-api-key`.
    ApiKey,
    /// An API key read from the file descriptor named by `CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR`.
    ApiKeyFd,
    /// The output of the `apiKeyHelper` settings command.
    ApiKeyHelper,
    /// `CLAUDE_CODE_OAUTH_TOKEN`: an OAuth token, e.g. from `setup-token`.
    OauthToken,
    /// An OAuth token read from the fd named by `CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR`.
    OauthTokenFd,
    /// The `/login` credentials in `<config dir>/.credentials.json`.
    CredentialsFile,
    /// The `/login`-managed key `primaryApiKey` in `~/.claude.json`.
    PrimaryApiKey,
    /// A header given in `ANTHROPIC_CUSTOM_HEADERS`.
    CustomHeaders,
    /// The hosted-session file `.oauth_token` (an OAuth token).
    RemoteOauthToken,
    /// The hosted-session file `.api_key` (an API key); same id as `.oauth_token`.
    RemoteApiKey,
    /// `AWS_BEARER_TOKEN_BEDROCK`: a Bedrock API key.
    BedrockBearer,
    /// `ANTHROPIC_FOUNDRY_API_KEY`: a Microsoft Foundry key.
    FoundryApiKey,
    /// The AWS SDK credential chain (SigV4 signing).
    AwsSdk,
    /// Google Application Default Credentials.
    GoogleAdc,
    /// Azure `DefaultAzureCredential`.
    AzureCredential,
    /// `CLAUDE_CODE_SKIP_FOUNDRY_AUTH`: the fixed placeholder `Bearer skip-foundry-auth`.
    FoundrySkip,
    /// Workload identity federation (`ANTHROPIC_FEDERATION_RULE_ID` + an identity token).
    Federation,
}

/// Which header a credential fills when it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderUse {
    /// `x-api-key`.
    ApiKey,
    /// `Authorization: Bearer`.
    Bearer,
    /// Both headers (the `apiKeyHelper` output goes in each).
    Both,
    /// Whichever header `ANTHROPIC_CUSTOM_HEADERS` names.
    Named,
    /// A provider's own authentication (a signature or an exchanged token) in `Authorization`.
    Provider,
}

/// What a source is, in one place: every other list of sources is derived from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceProps {
    /// The variable whose value is the credential (or names its file descriptor).
    pub variable: Option<&'static str>,
    /// The variable holds a file descriptor number, and `claude` reads the secret from it.
    pub fd: bool,
    /// The variable holds the secret itself (not a header block or a switch).
    pub secret: bool,
    /// An OAuth credential: sent as Bearer with the OAuth beta header, first-party only.
    pub oauth: bool,
    /// Read in bare mode (section 6 of the reference); a helper also needs `--settings`.
    pub read_in_bare: bool,
    /// The header it fills.
    pub header: HeaderUse,
}

impl SourceId {
    /// Every source, in precedence order (the order ignored credentials are listed in).
    pub const ALL: [SourceId; 18] = [
        Self::AuthToken,
        Self::ApiKey,
        Self::ApiKeyFd,
        Self::ApiKeyHelper,
        Self::OauthToken,
        Self::OauthTokenFd,
        Self::CredentialsFile,
        Self::PrimaryApiKey,
        Self::CustomHeaders,
        Self::RemoteOauthToken,
        Self::RemoteApiKey,
        Self::BedrockBearer,
        Self::FoundryApiKey,
        Self::AwsSdk,
        Self::GoogleAdc,
        Self::AzureCredential,
        Self::FoundrySkip,
        Self::Federation,
    ];

    /// The properties of this source: the one exhaustive `match` over sources.
    pub const fn props(self) -> SourceProps {
        use HeaderUse::{ApiKey, Bearer, Both, Named, Provider};
        /// What the source's variable holds, if it has one.
        enum Var {
            None,
            /// The secret itself (listed in [`SECRET_VARS`]).
            Secret(&'static str),
            /// The number of an inherited fd holding it ([`FD_VARS`]).
            Fd(&'static str),
            /// Not a secret: a header block, a switch.
            Other(&'static str),
        }
        const fn p(var: Var, oauth: bool, read_in_bare: bool, header: HeaderUse) -> SourceProps {
            let (variable, fd, secret) = match var {
                Var::None => (None, false, false),
                Var::Secret(v) => (Some(v), false, true),
                Var::Fd(v) => (Some(v), true, false),
                Var::Other(v) => (Some(v), false, false),
            };
            SourceProps {
                variable,
                fd,
                secret,
                oauth,
                read_in_bare,
                header,
            }
        }
        use Var::{Fd, Other, Secret};
        match self {
            Self::AuthToken => p(Secret(vars::AUTH_TOKEN), false, true, Bearer),
            Self::ApiKey => p(Secret(vars::API_KEY), false, true, ApiKey),
            Self::ApiKeyFd => p(Fd(vars::API_KEY_FD), false, false, ApiKey),
            Self::ApiKeyHelper => p(Var::None, false, true, Both),
            Self::OauthToken => p(Secret(vars::OAUTH_TOKEN), true, false, Bearer),
            Self::OauthTokenFd => p(Fd(vars::OAUTH_TOKEN_FD), true, false, Bearer),
            Self::CredentialsFile => p(Var::None, true, false, Bearer),
            Self::PrimaryApiKey => p(Var::None, false, false, ApiKey),
            Self::CustomHeaders => p(Other(vars::CUSTOM_HEADERS), false, true, Named),
            Self::RemoteOauthToken => p(Var::None, true, false, Bearer),
            Self::RemoteApiKey => p(Var::None, false, false, ApiKey),
            Self::BedrockBearer => p(Secret(vars::BEDROCK_BEARER), false, true, Bearer),
            Self::FoundryApiKey => p(Secret(vars::FOUNDRY_API_KEY), false, true, ApiKey),
            Self::AwsSdk => p(Var::None, false, true, Provider),
            Self::GoogleAdc => p(Var::None, false, true, Provider),
            Self::AzureCredential => p(Var::None, false, true, Provider),
            Self::FoundrySkip => p(Other(vars::SKIP_FOUNDRY_AUTH), false, true, Provider),
            // The identity token is exchanged, not sent, but it is a secret all the same.
            Self::Federation => p(Secret(vars::IDENTITY_TOKEN), false, true, Provider),
        }
    }

    /// True for OAuth credentials.
    pub const fn is_oauth(self) -> bool {
        self.props().oauth
    }

    /// The source whose credential a variable holds, when it holds one.
    pub fn of_variable(name: &str) -> Option<SourceId> {
        Self::ALL
            .into_iter()
            .find(|s| s.props().variable == Some(name))
    }

    /// Every distinct id, for `--expect` values and help.
    pub fn ids() -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = Self::ALL.iter().map(|s| s.id()).collect();
        ids.dedup();
        ids
    }

    /// The source named by an id (`remote-file` names the `.oauth_token` file; compare with
    /// [`SourceId::same_as`] to match both hosted-session files).
    pub fn from_id(id: &str) -> Option<SourceId> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// True when both have the same id (the two hosted-session files are one source to users).
    pub fn same_as(self, other: SourceId) -> bool {
        self.id() == other.id()
    }

    /// The name used in output, identical to the serialised form.
    pub fn id(self) -> &'static str {
        match self {
            Self::AuthToken => vars::AUTH_TOKEN,
            Self::ApiKey => vars::API_KEY,
            Self::ApiKeyFd => vars::API_KEY_FD,
            Self::ApiKeyHelper => "apiKeyHelper",
            Self::OauthToken => vars::OAUTH_TOKEN,
            Self::OauthTokenFd => vars::OAUTH_TOKEN_FD,
            Self::CredentialsFile => "credentials-file",
            Self::PrimaryApiKey => "primaryApiKey",
            Self::CustomHeaders => vars::CUSTOM_HEADERS,
            Self::RemoteOauthToken | Self::RemoteApiKey => "remote-file",
            Self::BedrockBearer => vars::BEDROCK_BEARER,
            Self::FoundryApiKey => vars::FOUNDRY_API_KEY,
            Self::AwsSdk => "aws-sdk",
            Self::GoogleAdc => "google-adc",
            Self::AzureCredential => "azure-credential",
            Self::FoundrySkip => vars::SKIP_FOUNDRY_AUTH,
            Self::Federation => "oidc-federation",
        }
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Variable names, spelled once.
pub mod vars {
    pub const AUTH_TOKEN: &str = "ANTHROPIC_AUTH_TOKEN";
    pub const API_KEY: &str = "ANTHROPIC_API_KEY";
    pub const API_KEY_FD: &str = "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR";
    pub const OAUTH_TOKEN: &str = "CLAUDE_CODE_OAUTH_TOKEN";
    pub const OAUTH_TOKEN_FD: &str = "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR";
    pub const OAUTH_SCOPES: &str = "CLAUDE_CODE_OAUTH_SCOPES";
    pub const CUSTOM_HEADERS: &str = "ANTHROPIC_CUSTOM_HEADERS";
    pub const BASE_URL: &str = "ANTHROPIC_BASE_URL";
    pub const SIMPLE: &str = "CLAUDE_CODE_SIMPLE";
    pub const REMOTE: &str = "CLAUDE_CODE_REMOTE";
    pub const CONFIG_DIR: &str = "CLAUDE_CONFIG_DIR";
    pub const USE_BEDROCK: &str = "CLAUDE_CODE_USE_BEDROCK";
    pub const USE_FOUNDRY: &str = "CLAUDE_CODE_USE_FOUNDRY";
    pub const USE_VERTEX: &str = "CLAUDE_CODE_USE_VERTEX";
    pub const SKIP_BEDROCK_AUTH: &str = "CLAUDE_CODE_SKIP_BEDROCK_AUTH";
    pub const SKIP_VERTEX_AUTH: &str = "CLAUDE_CODE_SKIP_VERTEX_AUTH";
    pub const SKIP_FOUNDRY_AUTH: &str = "CLAUDE_CODE_SKIP_FOUNDRY_AUTH";
    pub const BEDROCK_BEARER: &str = "AWS_BEARER_TOKEN_BEDROCK";
    pub const FOUNDRY_API_KEY: &str = "ANTHROPIC_FOUNDRY_API_KEY";
    pub const FOUNDRY_RESOURCE: &str = "ANTHROPIC_FOUNDRY_RESOURCE";
    pub const FOUNDRY_BASE_URL: &str = "ANTHROPIC_FOUNDRY_BASE_URL";
    pub const BEDROCK_BASE_URL: &str = "ANTHROPIC_BEDROCK_BASE_URL";
    pub const VERTEX_BASE_URL: &str = "ANTHROPIC_VERTEX_BASE_URL";
    pub const VERTEX_PROJECT_ID: &str = "ANTHROPIC_VERTEX_PROJECT_ID";
    pub const FEDERATION_RULE_ID: &str = "ANTHROPIC_FEDERATION_RULE_ID";
    pub const ORGANIZATION_ID: &str = "ANTHROPIC_ORGANIZATION_ID";
    pub const IDENTITY_TOKEN: &str = "ANTHROPIC_IDENTITY_TOKEN";
    pub const IDENTITY_TOKEN_FILE: &str = "ANTHROPIC_IDENTITY_TOKEN_FILE";
    pub const GITHUB_ACTIONS: &str = "GITHUB_ACTIONS";
    pub const GITLAB_CI: &str = "GITLAB_CI";
}

/// Variables that hold a secret value directly, in source order: derived from
/// [`SourceId::props`] (the identity token is exchanged, not sent).
pub static SECRET_VARS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    SourceId::ALL
        .iter()
        .filter(|s| s.props().secret)
        .filter_map(|s| s.props().variable)
        .collect()
});

/// Variables that name an inherited file descriptor holding a secret, derived from
/// [`SourceId::props`].
pub static FD_VARS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    SourceId::ALL
        .iter()
        .filter(|s| s.props().fd)
        .filter_map(|s| s.props().variable)
        .collect()
});

/// Variables that are not secrets but change where or whether a credential is sent.
pub const SWITCH_VARS: &[&str] = &[
    vars::OAUTH_SCOPES,
    vars::CUSTOM_HEADERS,
    vars::BASE_URL,
    vars::SIMPLE,
    vars::REMOTE,
    vars::USE_BEDROCK,
    vars::USE_FOUNDRY,
    vars::USE_VERTEX,
    vars::SKIP_BEDROCK_AUTH,
    vars::SKIP_VERTEX_AUTH,
    vars::SKIP_FOUNDRY_AUTH,
    vars::FOUNDRY_RESOURCE,
    vars::FOUNDRY_BASE_URL,
    vars::VERTEX_PROJECT_ID,
    vars::FEDERATION_RULE_ID,
    vars::ORGANIZATION_ID,
    vars::IDENTITY_TOKEN_FILE,
];

/// Every variable whose value changes which credential is sent or where.
pub fn auth_vars() -> impl Iterator<Item = &'static str> {
    SECRET_VARS
        .iter()
        .chain(FD_VARS.iter())
        .chain(SWITCH_VARS)
        .copied()
}

/// True when the variable holds a secret (directly or through an fd).
pub fn is_credential_var(name: &str) -> bool {
    SECRET_VARS.contains(&name) || FD_VARS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_source_once_in_order() {
        for (i, source) in SourceId::ALL.into_iter().enumerate() {
            // Exhaustive on purpose: a new source does not compile until it is placed here, and
            // then this test fails until it is in ALL at that position.
            let position = match source {
                SourceId::AuthToken => 0,
                SourceId::ApiKey => 1,
                SourceId::ApiKeyFd => 2,
                SourceId::ApiKeyHelper => 3,
                SourceId::OauthToken => 4,
                SourceId::OauthTokenFd => 5,
                SourceId::CredentialsFile => 6,
                SourceId::PrimaryApiKey => 7,
                SourceId::CustomHeaders => 8,
                SourceId::RemoteOauthToken => 9,
                SourceId::RemoteApiKey => 10,
                SourceId::BedrockBearer => 11,
                SourceId::FoundryApiKey => 12,
                SourceId::AwsSdk => 13,
                SourceId::GoogleAdc => 14,
                SourceId::AzureCredential => 15,
                SourceId::FoundrySkip => 16,
                SourceId::Federation => 17,
            };
            assert_eq!(i, position, "{source:?}");
        }
        let mut sorted = SourceId::ALL;
        sorted.sort();
        assert_eq!(sorted, SourceId::ALL, "ALL follows the declaration order");
    }

    #[test]
    fn ids_match_serialisation_and_parse_back() {
        for source in SourceId::ALL {
            let json = serde_json::to_value(source).unwrap();
            assert_eq!(json.as_str(), Some(source.id()));
            let parsed = SourceId::from_id(source.id()).unwrap();
            assert!(parsed.same_as(source));
        }
        assert_eq!(SourceId::ids().len(), SourceId::ALL.len() - 1);
        assert_eq!(
            SourceId::from_id("remote-file"),
            Some(SourceId::RemoteOauthToken)
        );
        assert_eq!(SourceId::from_id("nope"), None);
        assert!(!SourceId::ApiKey.same_as(SourceId::AuthToken));
    }

    #[test]
    fn properties_table() {
        // (source, variable, fd, oauth, read in bare, header)
        let cases = [
            (
                SourceId::AuthToken,
                Some(vars::AUTH_TOKEN),
                false,
                false,
                true,
                HeaderUse::Bearer,
            ),
            (
                SourceId::ApiKey,
                Some(vars::API_KEY),
                false,
                false,
                true,
                HeaderUse::ApiKey,
            ),
            (
                SourceId::ApiKeyFd,
                Some(vars::API_KEY_FD),
                true,
                false,
                false,
                HeaderUse::ApiKey,
            ),
            (
                SourceId::ApiKeyHelper,
                None,
                false,
                false,
                true,
                HeaderUse::Both,
            ),
            (
                SourceId::OauthToken,
                Some(vars::OAUTH_TOKEN),
                false,
                true,
                false,
                HeaderUse::Bearer,
            ),
            (
                SourceId::OauthTokenFd,
                Some(vars::OAUTH_TOKEN_FD),
                true,
                true,
                false,
                HeaderUse::Bearer,
            ),
            (
                SourceId::CredentialsFile,
                None,
                false,
                true,
                false,
                HeaderUse::Bearer,
            ),
            (
                SourceId::PrimaryApiKey,
                None,
                false,
                false,
                false,
                HeaderUse::ApiKey,
            ),
            (
                SourceId::CustomHeaders,
                Some(vars::CUSTOM_HEADERS),
                false,
                false,
                true,
                HeaderUse::Named,
            ),
            (
                SourceId::RemoteOauthToken,
                None,
                false,
                true,
                false,
                HeaderUse::Bearer,
            ),
            (
                SourceId::RemoteApiKey,
                None,
                false,
                false,
                false,
                HeaderUse::ApiKey,
            ),
            (
                SourceId::BedrockBearer,
                Some(vars::BEDROCK_BEARER),
                false,
                false,
                true,
                HeaderUse::Bearer,
            ),
            (
                SourceId::FoundryApiKey,
                Some(vars::FOUNDRY_API_KEY),
                false,
                false,
                true,
                HeaderUse::ApiKey,
            ),
            (
                SourceId::AwsSdk,
                None,
                false,
                false,
                true,
                HeaderUse::Provider,
            ),
            (
                SourceId::GoogleAdc,
                None,
                false,
                false,
                true,
                HeaderUse::Provider,
            ),
            (
                SourceId::AzureCredential,
                None,
                false,
                false,
                true,
                HeaderUse::Provider,
            ),
            (
                SourceId::FoundrySkip,
                Some(vars::SKIP_FOUNDRY_AUTH),
                false,
                false,
                true,
                HeaderUse::Provider,
            ),
            (
                SourceId::Federation,
                Some(vars::IDENTITY_TOKEN),
                false,
                false,
                true,
                HeaderUse::Provider,
            ),
        ];
        assert_eq!(cases.len(), SourceId::ALL.len());
        for (source, variable, fd, oauth, bare, header) in cases {
            let p = source.props();
            assert_eq!(
                (p.variable, p.fd, p.oauth, p.read_in_bare, p.header),
                (variable, fd, oauth, bare, header),
                "{source:?}"
            );
            assert_eq!(source.is_oauth(), oauth);
        }
    }

    #[test]
    fn variables_name_their_source() {
        assert_eq!(SourceId::of_variable(vars::API_KEY), Some(SourceId::ApiKey));
        assert_eq!(
            SourceId::of_variable(vars::IDENTITY_TOKEN),
            Some(SourceId::Federation)
        );
        assert_eq!(SourceId::of_variable("PATH"), None);
        for name in SECRET_VARS.iter().chain(FD_VARS.iter()) {
            assert!(SourceId::of_variable(name).is_some(), "{name}");
            assert!(is_credential_var(name));
        }
        assert!(!is_credential_var(vars::BASE_URL));
        assert_eq!(
            auth_vars().count(),
            SECRET_VARS.len() + FD_VARS.len() + SWITCH_VARS.len()
        );
    }
}

crate::serialize_by_id!(SourceId);
