//! The public prefixes of Anthropic credentials: what redaction may keep visible and what a
//! token's kind is read from. A bottom utility: it imports nothing of ccauth.

/// OAuth access token, as minted by `setup-token` or `/login`.
pub const OAUTH_ACCESS_PREFIX: &str = "sk-ant-oat01-";
/// OAuth refresh token: only good for minting access tokens.
pub const OAUTH_REFRESH_PREFIX: &str = "sk-ant-ort01-";
/// Console API key.
pub const API_KEY_PREFIX: &str = "sk-ant-api03-";
/// Admin API key: manages an organisation, cannot run inference.
pub const ADMIN_KEY_PREFIX: &str = "sk-ant-admin01-";

/// Every prefix that redaction may keep visible.
pub const KNOWN_PREFIXES: &[&str] = &[
    OAUTH_ACCESS_PREFIX,
    OAUTH_REFRESH_PREFIX,
    API_KEY_PREFIX,
    ADMIN_KEY_PREFIX,
];
