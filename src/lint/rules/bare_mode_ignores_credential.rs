//! `bare-mode-ignores-credential`: bare mode is on, and a credential present is one it never reads.

use crate::claude::resolve::IgnoreReason;
use crate::lint::{Context, Finding, Severity};

use super::{describe_ignored, what_is_sent};

declare_rule!(
    BareModeIgnoresCredential,
    "bare-mode-ignores-credential",
    Severity::Error,
    "Bare mode (--bare or CLAUDE_CODE_SIMPLE) does not read a credential that is present: OAuth token, stored login, API-key fd, or a helper not given with --settings.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trigger) = &cx.snapshot.bare else {
        return;
    };
    let ignored: Vec<String> = cx
        .resolution
        .ignored
        .iter()
        .filter(|i| i.reason == IgnoreReason::BareMode)
        .map(describe_ignored)
        .collect();
    if ignored.is_empty() {
        return;
    }
    let finding = META.finding(
        trigger.location.clone(),
        format!(
            "bare mode is on ({}) and does not read {}; Claude Code will send {}",
            trigger.cause,
            ignored.join(", "),
            what_is_sent(cx)
        ),
        "Bare mode reads only ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, settings `env` values and \
         an apiKeyHelper given with --settings. Pass the credential that way, or drop --bare \
         (and unset CLAUDE_CODE_SIMPLE) to use CLAUDE_CODE_OAUTH_TOKEN or a stored login.",
    );
    // Something else still goes out: the unread credential is a surprise, not a failure.
    let severity = if cx.resolution.headers.is_empty() {
        Severity::Error
    } else {
        Severity::Warning
    };
    out.push(finding.with_severity(severity));
}
