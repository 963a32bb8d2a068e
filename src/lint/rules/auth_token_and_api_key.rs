//! `auth-token-and-api-key`: both auth headers go out, from two different credentials.

use crate::claude::provider::Provider;
use crate::claude::sources::SourceId;
use crate::lint::{Context, Finding, Severity};

use super::describe_header;

declare_rule!(
    AuthTokenAndApiKey,
    "auth-token-and-api-key",
    Severity::Warning,
    "Both x-api-key and Authorization are sent, from two different credentials."
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let h = &cx.resolution.headers;
    if cx.resolution.provider != Provider::Anthropic {
        return;
    }
    let (Some(key), Some(auth)) = (&h.x_api_key, &h.authorization) else {
        return;
    };
    if key.source() == auth.source() {
        return;
    }
    let help = if key.source() == SourceId::ApiKeyHelper || auth.source() == SourceId::ApiKeyHelper
    {
        "An apiKeyHelper's output goes in both headers; another credential replaces it in one of \
         them. Keep the helper or the other credential, not both."
    } else {
        "Keep one credential: ANTHROPIC_AUTH_TOKEN is for gateways that take a Bearer token, \
         ANTHROPIC_API_KEY for the Anthropic API. Which header a server honours is up to the \
         server, so two credentials make failures hard to read."
    };
    out.push(META.finding(
        auth.candidate.location.clone(),
        format!(
            "both headers are sent: x-api-key from {} and Authorization from {}",
            describe_header(key),
            describe_header(auth)
        ),
        help,
    ));
}
