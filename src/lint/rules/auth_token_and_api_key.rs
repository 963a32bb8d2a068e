//! `auth-token-and-api-key`: both auth headers go out, from two different credentials.

use crate::claude::provider::Provider;
use crate::lint::{Context, Finding, Rule, RuleMeta, Severity};

use super::describe_header;

static META: RuleMeta = RuleMeta {
    id: "auth-token-and-api-key",
    severity: Severity::Warning,
    summary: "Both x-api-key and Authorization are sent, from two different credentials.",
};

/// See [`META`].
pub struct AuthTokenAndApiKey;

impl Rule for AuthTokenAndApiKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let h = &cx.resolution.headers;
        if cx.resolution.provider != Provider::Anthropic {
            return;
        }
        let (Some(key), Some(auth)) = (&h.x_api_key, &h.authorization) else {
            return;
        };
        if key.source == auth.source {
            return;
        }
        out.push(META.finding(
            auth.location.clone(),
            format!(
                "both headers are sent: x-api-key from {} and Authorization from {}",
                describe_header(key),
                describe_header(auth)
            ),
            "Keep one credential: ANTHROPIC_AUTH_TOKEN is for gateways that take a Bearer token, \
             ANTHROPIC_API_KEY for the Anthropic API. Which header a server honours is up to the \
             server, so two credentials make failures hard to read.",
        ));
    }
}
