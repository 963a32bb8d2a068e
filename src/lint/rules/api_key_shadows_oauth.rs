//! `api-key-shadows-oauth`: an API key (or helper, or auth token) is sent, so the OAuth token or
//! stored login that is also present is silently unused.

use crate::claude::provider::Provider;
use crate::claude::resolve::IgnoreReason;
use crate::claude::sources::SourceId;
use crate::lint::{Context, Finding, Severity};

use super::{describe_header, describe_ignored};

declare_rule!(
    ApiKeyShadowsOauth,
    "api-key-shadows-oauth",
    Severity::Error,
    "An API key, API-key fd, apiKeyHelper or auth token is sent, so the OAuth token or stored login present is silently unused.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let r = cx.resolution;
    if r.provider != Provider::Anthropic {
        return;
    }
    let Some((_, winner)) = r.headers.iter().find(|(_, h)| {
        matches!(
            h.source(),
            SourceId::ApiKey | SourceId::ApiKeyFd | SourceId::ApiKeyHelper | SourceId::AuthToken
        )
    }) else {
        return;
    };
    let shadowed: Vec<String> = r
        .ignored
        .iter()
        .filter(|i| i.candidate.is_oauth() && matches!(i.reason, IgnoreReason::ShadowedBy { .. }))
        .map(describe_ignored)
        .collect();
    if shadowed.is_empty() {
        return;
    }
    let help = match winner.source() {
        SourceId::ApiKey => {
            "Unset ANTHROPIC_API_KEY for this step (GitHub Actions: \
            `env: ANTHROPIC_API_KEY: ''`; an empty value counts as unset) or remove it from \
            the settings file that sets it. If the key is what you want, drop the OAuth token."
        }
        SourceId::ApiKeyHelper => {
            "Remove apiKeyHelper from the settings file named, or \
            drop the OAuth credential: with a helper configured, OAuth is never used."
        }
        SourceId::AuthToken => {
            "Unset ANTHROPIC_AUTH_TOKEN for this step: it is meant for \
            gateways and is sent instead of the OAuth token."
        }
        _ => "Unset CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR for this step.",
    };
    out.push(META.finding(
        winner.candidate.location.clone(),
        format!(
            "{} will be sent, so {} {} silently unused",
            describe_header(winner),
            shadowed.join(" and "),
            if shadowed.len() == 1 { "is" } else { "are" }
        ),
        help,
    ));
}
