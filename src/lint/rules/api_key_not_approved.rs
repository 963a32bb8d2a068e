//! `api-key-not-approved`: interactive mode ignores an API key that was never approved (or was
//! rejected) in the "Detected a custom API key" dialog.

use crate::claude::resolve::IgnoreReason;
use crate::lint::{Context, Finding, Severity};

use super::{describe_ignored, what_is_sent};

declare_rule!(
    ApiKeyNotApproved,
    "api-key-not-approved",
    Severity::Warning,
    "Interactive mode: the API key was not approved (or was rejected) in ~/.claude.json customApiKeyResponses, so it is ignored.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for i in cx
        .resolution
        .ignored
        .iter()
        .filter(|i| matches!(i.reason, IgnoreReason::NotApproved | IgnoreReason::Rejected))
    {
        out.push(META.finding(
            i.candidate.location.clone(),
            format!(
                "{} is ignored: {}; Claude Code will send {}",
                describe_ignored(i),
                i.reason.explain(),
                what_is_sent(cx)
            ),
            "Approve the key once in an interactive session (\"Detected a custom API key\"), \
             or run `claude -p`, where the key is always used. CI=true does not skip the \
             dialog.",
        ));
    }
}
