//! `api-key-shadows-oauth`: an API key (or helper, auth token, or a custom `Authorization`
//! header) is sent, so the OAuth token or stored login that is also present is silently unused.

use crate::claude::provider::Provider;
use crate::claude::resolve::IgnoreReason;
use crate::claude::sources::SourceId;
use crate::lint::{Context, Finding, Severity};

use super::{describe_header, describe_ignored};

declare_rule!(
    ApiKeyShadowsOauth,
    "api-key-shadows-oauth",
    Severity::Error,
    "An API key, API-key fd, apiKeyHelper, auth token or custom Authorization header is sent, so the OAuth token or stored login present is silently unused.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let r = cx.resolution;
    if r.provider != Provider::Anthropic {
        return;
    }
    // A key-like credential shadows the OAuth one; or a custom Authorization replaces it (seen:
    // the custom value is sent, with the OAuth beta header, and the token is unused).
    let Some((_, winner)) = r.headers.iter().find(|(name, h)| {
        matches!(
            h.source(),
            SourceId::ApiKey | SourceId::ApiKeyFd | SourceId::ApiKeyHelper | SourceId::AuthToken
        ) || (*name == "authorization" && h.source() == SourceId::CustomHeaders)
    }) else {
        return;
    };
    let replaced = winner.source() == SourceId::CustomHeaders;
    let shadowed: Vec<String> = r
        .ignored
        .iter()
        .filter(|i| i.candidate.is_oauth())
        .filter(|i| match i.reason {
            IgnoreReason::ShadowedBy { .. } => !replaced,
            IgnoreReason::ReplacedByCustomHeader => replaced,
            _ => false,
        })
        .map(describe_ignored)
        .collect();
    if shadowed.is_empty() {
        return;
    }
    let help = help(cx, winner);
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

/// Advice that fits where the winning value comes from: an exported variable is cleared in the
/// CI's own syntax; a settings file must be edited (no export beats it); a helper removed.
fn help(cx: &Context<'_>, winner: &crate::claude::resolve::Header) -> String {
    let c = &winner.candidate;
    let var = c.source.props().variable;
    match (c.source, var) {
        (SourceId::ApiKeyHelper, _) => format!(
            "Remove apiKeyHelper from {} ({}), or drop the OAuth credential: with a helper \
             configured, OAuth is never used.",
            c.origin, c.location
        ),
        (SourceId::CustomHeaders, _) => "Remove the Authorization line from \
            ANTHROPIC_CUSTOM_HEADERS (other headers can stay): a custom Authorization replaces \
            the OAuth token. If the gateway's Authorization is what you want, drop the OAuth \
            token."
            .to_owned(),
        (_, Some(var)) if c.origin.is_settings() => format!(
            "Remove {var} from the `env` block of {} ({}): a settings value beats any exported \
             variable, so clearing it in CI does not help. If the key is what you want, drop the \
             OAuth token.",
            c.origin, c.location
        ),
        (_, Some(var)) => format!(
            "Clear {var} for this step: {}. If {var} is what you want, drop the OAuth token.",
            cx.ci.unset(var)
        ),
        (_, None) => "Drop the credential named, or the OAuth token.".to_owned(),
    }
}
