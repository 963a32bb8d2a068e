//! Anthropic token formats, recognised by prefix (lengths vary, so never by length).

use serde::Serialize;

pub use crate::prefix::KNOWN_PREFIXES;

/// What a credential string looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// `sk-ant-oat…`: an OAuth access token.
    OauthAccess,
    /// `sk-ant-ort…`: an OAuth refresh token.
    OauthRefresh,
    /// `sk-ant-api…`: a Console API key.
    ApiKey,
    /// `sk-ant-admin…`: an Admin API key.
    AdminKey,
    /// `sk-ant-` followed by something this version does not know.
    OtherAnthropic,
    /// Anything else (a gateway token, a typo, a placeholder).
    Unknown,
}

impl TokenKind {
    /// Classifies a trimmed credential value.
    pub fn of(value: &str) -> Self {
        // Version digits are matched loosely: a future `oat02` is still an access token.
        if value.starts_with("sk-ant-oat") {
            Self::OauthAccess
        } else if value.starts_with("sk-ant-ort") {
            Self::OauthRefresh
        } else if value.starts_with("sk-ant-api") {
            Self::ApiKey
        } else if value.starts_with("sk-ant-admin") {
            Self::AdminKey
        } else if value.starts_with("sk-ant-") {
            Self::OtherAnthropic
        } else {
            Self::Unknown
        }
    }

    /// The kind alone, for a sentence that shows the (redacted) value next to it:
    /// `an OAuth access token`.
    pub fn noun(self) -> &'static str {
        match self {
            Self::OauthAccess => "an OAuth access token",
            Self::OauthRefresh => "an OAuth refresh token",
            Self::ApiKey => "a Console API key",
            Self::AdminKey => "an Admin API key",
            Self::OtherAnthropic => "an sk-ant- value of an unknown kind",
            Self::Unknown => "a value without a known Anthropic prefix",
        }
    }

    /// A short human name with the prefix it is known by, for messages that do not show the
    /// value: `an OAuth access token (sk-ant-oat…)`.
    pub fn describe(self) -> &'static str {
        match self {
            Self::OauthAccess => "an OAuth access token (sk-ant-oat…)",
            Self::OauthRefresh => "an OAuth refresh token (sk-ant-ort…)",
            Self::ApiKey => "a Console API key (sk-ant-api…)",
            Self::AdminKey => "an Admin API key (sk-ant-admin…)",
            Self::OtherAnthropic => "an sk-ant- value of an unknown kind",
            Self::Unknown => "a value without a known Anthropic prefix",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_prefix() {
        let cases = [
            ("sk-ant-oat01-abc", TokenKind::OauthAccess),
            ("sk-ant-oat02-abc", TokenKind::OauthAccess),
            ("sk-ant-ort01-abc", TokenKind::OauthRefresh),
            ("sk-ant-api03-abc", TokenKind::ApiKey),
            ("sk-ant-admin01-abc", TokenKind::AdminKey),
            ("sk-ant-xyz-abc", TokenKind::OtherAnthropic),
            ("ghp_abc", TokenKind::Unknown),
            ("", TokenKind::Unknown),
        ];
        for (value, want) in cases {
            assert_eq!(TokenKind::of(value), want, "{value}");
        }
    }
}
