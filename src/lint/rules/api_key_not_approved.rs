//! `api-key-not-approved`: interactive mode ignores an API key that was never approved (or was
//! rejected) in the "Detected a custom API key" dialog.

use crate::claude::resolve::IgnoreReason;
use crate::lint::{Context, Finding, Rule, RuleMeta, Severity};

use super::{describe_ignored, what_is_sent};

static META: RuleMeta = RuleMeta {
    id: "api-key-not-approved",
    severity: Severity::Warning,
    summary: "Interactive mode: the API key was not approved (or was rejected) in ~/.claude.json customApiKeyResponses, so it is ignored.",
};

/// See [`META`].
pub struct ApiKeyNotApproved;

impl Rule for ApiKeyNotApproved {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for i in cx
            .resolution
            .ignored
            .iter()
            .filter(|i| matches!(i.reason, IgnoreReason::NotApproved | IgnoreReason::Rejected))
        {
            out.push(META.finding(
                i.location.clone(),
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
}
