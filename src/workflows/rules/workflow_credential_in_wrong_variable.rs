//! `workflow-credential-in-wrong-variable`: a secret whose name says OAuth feeds the API-key
//! variable or input, or one whose name says API key feeds the OAuth variable or input (and the
//! same for literal tokens whose prefix says which they are).

use super::{named, FileContext, Named};
use crate::claude::sources::vars;
use crate::claude::token::TokenKind;
use crate::lint::{Finding, Severity};
use crate::workflows::value::Value;

declare_rule!(
    workflow WorkflowCredentialInWrongVariable,
    "workflow-credential-in-wrong-variable",
    Severity::Error,
    "An OAuth token feeds ANTHROPIC_API_KEY (or an API key feeds CLAUDE_CODE_OAUTH_TOKEN), judging by the secret's name or the token's prefix.",
);

/// Targets that want an API key or a bearer token (never an OAuth token).
const KEY_TARGETS: &[&str] = &[
    vars::API_KEY,
    vars::AUTH_TOKEN,
    "anthropic_api_key",
    "api-key",
    "auth-token",
];

/// Targets that want an OAuth token.
const OAUTH_TARGETS: &[&str] = &[vars::OAUTH_TOKEN, "claude_code_oauth_token", "oauth-token"];

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for a in &cx.file.assignments {
        let wants_key = KEY_TARGETS.contains(&a.target.as_str());
        let wants_oauth = OAUTH_TARGETS.contains(&a.target.as_str());
        if !wants_key && !wants_oauth {
            continue;
        }
        let wrong =
            |n: &Named| (wants_key && *n == Named::Oauth) || (wants_oauth && *n == Named::ApiKey);
        let mut why = a
            .value
            .secrets()
            .into_iter()
            .find(|s| wrong(&named(s)))
            .map(|s| format!("secret {s}, whose name says {}", says(&named(s))));
        if let Value::Literal(text) = &a.value {
            let kind = TokenKind::of(text.trim());
            let literal_wrong = (wants_key && kind == TokenKind::OauthAccess)
                || (wants_oauth && kind == TokenKind::ApiKey);
            if literal_wrong {
                why = Some(format!("a literal {}", kind.describe()));
            }
        }
        let Some(why) = why else {
            continue;
        };
        let (holds, fix) = if wants_key {
            (
                "an OAuth token, which Claude Code would send as an API key (401)",
                "Put an OAuth token in CLAUDE_CODE_OAUTH_TOKEN (claude-code-action: \
                 claude_code_oauth_token; ccauth's Action: oauth-token) and leave the API-key \
                 variable unset.",
            )
        } else {
            (
                "an API key, which Claude Code would send as an OAuth bearer token (401)",
                "Put an API key in ANTHROPIC_API_KEY (claude-code-action: anthropic_api_key; \
                 ccauth's Action: api-key) and leave CLAUDE_CODE_OAUTH_TOKEN unset.",
            )
        };
        out.push(META.finding(
            cx.file.at(a.pos),
            format!("{} is given {why}: it holds {holds}", a.target),
            fix,
        ));
    }
}

fn says(n: &Named) -> &'static str {
    match n {
        Named::Oauth => "OAuth",
        Named::ApiKey => "API key",
        Named::Unclear => "nothing",
    }
}
