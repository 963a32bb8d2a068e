//! The names of every credential source and of the variables Claude Code reads for auth.

use std::fmt;

use serde::Serialize;

/// Where a credential comes from: the `source` field of the JSON output and the value of
/// `--expect`. Names follow the reference's source table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
pub enum SourceId {
    /// `ANTHROPIC_AUTH_TOKEN`: sent as `Authorization: Bearer`, without the OAuth beta.
    #[serde(rename = "ANTHROPIC_AUTH_TOKEN")]
    #[value(name = "ANTHROPIC_AUTH_TOKEN")]
    AuthToken,
    /// `ANTHROPIC_API_KEY`: sent as `x-api-key`.
    #[serde(rename = "ANTHROPIC_API_KEY")]
    #[value(name = "ANTHROPIC_API_KEY")]
    ApiKey,
    /// An API key read from the file descriptor named by `CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR`.
    #[serde(rename = "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR")]
    #[value(name = "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR")]
    ApiKeyFd,
    /// The output of the `apiKeyHelper` settings command.
    #[serde(rename = "apiKeyHelper")]
    #[value(name = "apiKeyHelper")]
    ApiKeyHelper,
    /// `CLAUDE_CODE_OAUTH_TOKEN`: an OAuth token, e.g. from `setup-token`.
    #[serde(rename = "CLAUDE_CODE_OAUTH_TOKEN")]
    #[value(name = "CLAUDE_CODE_OAUTH_TOKEN")]
    OauthToken,
    /// An OAuth token read from the fd named by `CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR`.
    #[serde(rename = "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR")]
    #[value(name = "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR")]
    OauthTokenFd,
    /// The `/login` credentials in `<config dir>/.credentials.json`.
    #[serde(rename = "credentials-file")]
    #[value(name = "credentials-file")]
    CredentialsFile,
    /// The `/login`-managed key `primaryApiKey` in `~/.claude.json`.
    #[serde(rename = "primaryApiKey")]
    #[value(name = "primaryApiKey")]
    PrimaryApiKey,
    /// A header given in `ANTHROPIC_CUSTOM_HEADERS`.
    #[serde(rename = "ANTHROPIC_CUSTOM_HEADERS")]
    #[value(name = "ANTHROPIC_CUSTOM_HEADERS")]
    CustomHeaders,
    /// The hosted-session files `.oauth_token` / `.api_key`.
    #[serde(rename = "remote-file")]
    #[value(name = "remote-file")]
    RemoteFile,
    /// `AWS_BEARER_TOKEN_BEDROCK`: a Bedrock API key.
    #[serde(rename = "AWS_BEARER_TOKEN_BEDROCK")]
    #[value(name = "AWS_BEARER_TOKEN_BEDROCK")]
    BedrockBearer,
    /// `ANTHROPIC_FOUNDRY_API_KEY`: a Microsoft Foundry key.
    #[serde(rename = "ANTHROPIC_FOUNDRY_API_KEY")]
    #[value(name = "ANTHROPIC_FOUNDRY_API_KEY")]
    FoundryApiKey,
    /// The AWS SDK credential chain (SigV4 signing).
    #[serde(rename = "aws-sdk")]
    #[value(name = "aws-sdk")]
    AwsSdk,
    /// Google Application Default Credentials.
    #[serde(rename = "google-adc")]
    #[value(name = "google-adc")]
    GoogleAdc,
    /// Azure `DefaultAzureCredential`.
    #[serde(rename = "azure-credential")]
    #[value(name = "azure-credential")]
    AzureCredential,
    /// `CLAUDE_CODE_SKIP_FOUNDRY_AUTH`: the fixed placeholder `Bearer skip-foundry-auth`.
    #[serde(rename = "CLAUDE_CODE_SKIP_FOUNDRY_AUTH")]
    #[value(name = "CLAUDE_CODE_SKIP_FOUNDRY_AUTH")]
    FoundrySkip,
    /// Workload identity federation (`ANTHROPIC_FEDERATION_RULE_ID` + an identity token).
    #[serde(rename = "oidc-federation")]
    #[value(name = "oidc-federation")]
    Federation,
}

impl SourceId {
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
            Self::RemoteFile => "remote-file",
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
    pub const VERTEX_PROJECT_ID: &str = "ANTHROPIC_VERTEX_PROJECT_ID";
    pub const FEDERATION_RULE_ID: &str = "ANTHROPIC_FEDERATION_RULE_ID";
    pub const ORGANIZATION_ID: &str = "ANTHROPIC_ORGANIZATION_ID";
    pub const IDENTITY_TOKEN: &str = "ANTHROPIC_IDENTITY_TOKEN";
    pub const IDENTITY_TOKEN_FILE: &str = "ANTHROPIC_IDENTITY_TOKEN_FILE";
    pub const GITHUB_ACTIONS: &str = "GITHUB_ACTIONS";
    pub const GITLAB_CI: &str = "GITLAB_CI";
}

/// Variables that hold a secret value directly.
pub const SECRET_VARS: &[&str] = &[
    vars::AUTH_TOKEN,
    vars::API_KEY,
    vars::OAUTH_TOKEN,
    vars::BEDROCK_BEARER,
    vars::FOUNDRY_API_KEY,
    vars::IDENTITY_TOKEN,
];

/// Variables that name an inherited file descriptor holding a secret.
pub const FD_VARS: &[&str] = &[vars::API_KEY_FD, vars::OAUTH_TOKEN_FD];

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
        .chain(FD_VARS)
        .chain(SWITCH_VARS)
        .copied()
}

/// True when the variable holds a secret (directly or through an fd).
pub fn is_credential_var(name: &str) -> bool {
    SECRET_VARS.contains(&name) || FD_VARS.contains(&name)
}
