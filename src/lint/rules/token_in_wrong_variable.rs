//! `token-in-wrong-variable`: an OAuth token where an API key belongs, or the reverse; a refresh
//! token or an admin key anywhere.

use crate::claude::helper::HelperRun;
use crate::claude::snapshot::EnvDef;
use crate::claude::sources::{vars, SourceId, SECRET_VARS};
use crate::claude::token::TokenKind;
use crate::claude::values::credential_value;
use crate::lint::{Context, Finding, Severity};
use crate::redact::redact;

declare_rule!(
    TokenInWrongVariable,
    "token-in-wrong-variable",
    Severity::Error,
    "A token of the wrong kind for its variable: an OAuth token as API key, an API key as OAuth token, a refresh token or an admin key.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let gateway = cx.snapshot.uses_gateway();
    for def in super::defined(cx, &SECRET_VARS) {
        let Some(value) = credential_value(&def.raw) else {
            continue;
        };
        if let Some(help) = misplaced(&def.name, TokenKind::of(value), gateway) {
            out.push(finding(def, value, help));
        }
    }
    let primary = cx
        .resolution
        .candidates()
        .filter(|c| c.source == SourceId::PrimaryApiKey);
    for c in primary {
        let Some(value) = c.value.secret() else {
            continue;
        };
        let kind = TokenKind::of(value);
        if matches!(
            kind,
            TokenKind::OauthAccess | TokenKind::OauthRefresh | TokenKind::AdminKey
        ) {
            out.push(META.finding(
                c.location.clone(),
                format!("primaryApiKey holds {} ({})", kind.noun(), c.value.phrase()),
                "Run `claude /logout` and log in again, or remove primaryApiKey from ~/.claude.json.",
            ));
        }
    }
    if let (Some(HelperRun::Ok { kind, redacted }), Some(helper)) =
        (cx.helper_run, &cx.resolution.helper)
    {
        if *kind != TokenKind::ApiKey && *kind != TokenKind::Unknown {
            out.push(META.finding(
                helper.location.clone(),
                format!("apiKeyHelper prints {} ({redacted}); its output is sent as x-api-key and as a plain Bearer token", kind.noun()),
                "Make the helper print a Console API key, or use CLAUDE_CODE_OAUTH_TOKEN for OAuth tokens.",
            ));
        }
    }
}

fn finding(def: &EnvDef, value: &str, help: &str) -> Finding {
    let kind = TokenKind::of(value);
    META.finding(
        def.location.clone(),
        format!("{} holds {} ({})", def.name, kind.noun(), redact(value)),
        help,
    )
}

/// The advice for a token of `kind` in variable `name`, or `None` when it belongs there.
fn misplaced(name: &str, kind: TokenKind, gateway: bool) -> Option<&'static str> {
    match (name, kind) {
        (_, TokenKind::OauthRefresh) => Some(
            "A refresh token cannot authenticate requests. Use the access token from \
             `ccauth setup-token` (sk-ant-oat…) in CLAUDE_CODE_OAUTH_TOKEN.",
        ),
        (_, TokenKind::AdminKey) => Some(
            "Admin API keys manage an organisation and cannot run inference. Create a regular \
             API key (sk-ant-api…) for ANTHROPIC_API_KEY.",
        ),
        (vars::API_KEY, TokenKind::OauthAccess) => Some(
            "An OAuth token is sent as x-api-key and rejected. Move it to CLAUDE_CODE_OAUTH_TOKEN \
             and unset ANTHROPIC_API_KEY.",
        ),
        (vars::AUTH_TOKEN, TokenKind::OauthAccess) => Some(
            "ANTHROPIC_AUTH_TOKEN is sent as a Bearer token without the OAuth beta header, so an \
             OAuth token fails there. Move it to CLAUDE_CODE_OAUTH_TOKEN.",
        ),
        (vars::AUTH_TOKEN, TokenKind::ApiKey) if !gateway => Some(
            "An API key sent as a Bearer token is rejected by the Anthropic API. Move it to \
             ANTHROPIC_API_KEY.",
        ),
        (
            vars::BEDROCK_BEARER | vars::FOUNDRY_API_KEY,
            TokenKind::OauthAccess | TokenKind::ApiKey | TokenKind::OtherAnthropic,
        ) => Some(
            "Anthropic credentials do not authenticate to Amazon Bedrock or Microsoft Foundry. \
             Use the provider's own key (a Bedrock API key, a Foundry resource key), or turn the \
             provider off and use the Anthropic credential in its own variable.",
        ),
        (vars::OAUTH_TOKEN, TokenKind::ApiKey) => Some(
            "An API key is not an OAuth token. Move it to ANTHROPIC_API_KEY, or mint an OAuth \
             token with `ccauth setup-token`.",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_table() {
        let cases = [
            (vars::API_KEY, TokenKind::OauthAccess, false, true),
            (vars::API_KEY, TokenKind::ApiKey, false, false),
            (vars::OAUTH_TOKEN, TokenKind::ApiKey, false, true),
            (vars::OAUTH_TOKEN, TokenKind::OauthAccess, false, false),
            (vars::AUTH_TOKEN, TokenKind::OauthAccess, false, true),
            (vars::AUTH_TOKEN, TokenKind::ApiKey, false, true),
            (vars::AUTH_TOKEN, TokenKind::ApiKey, true, false),
            (vars::AUTH_TOKEN, TokenKind::Unknown, false, false),
            (vars::OAUTH_TOKEN, TokenKind::OauthRefresh, false, true),
            (vars::BEDROCK_BEARER, TokenKind::AdminKey, false, true),
            (vars::BEDROCK_BEARER, TokenKind::ApiKey, false, true),
            (vars::FOUNDRY_API_KEY, TokenKind::OauthAccess, false, true),
            (vars::FOUNDRY_API_KEY, TokenKind::Unknown, false, false),
        ];
        for (name, kind, gateway, fires) in cases {
            assert_eq!(
                misplaced(name, kind, gateway).is_some(),
                fires,
                "{name} {kind:?}"
            );
        }
    }
}
