//! `no-credential`: Claude Code will find nothing to send and stop with "Not logged in".

use crate::claude::provider::Provider;
use crate::claude::resolve::IgnoreReason;
use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

use super::describe_ignored;

declare_rule!(
    NoCredential,
    "no-credential",
    Severity::Error,
    "No credential reaches Claude Code: it stops with \"Not logged in · Please run /login\".",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let r = cx.resolution;
    if r.provider != Provider::Anthropic || !r.headers.is_empty() {
        return;
    }
    // Bare mode and a missing scope have rules of their own that say exactly why.
    let explained = r.ignored.iter().any(|i| {
        matches!(
            i.reason,
            IgnoreReason::BareMode | IgnoreReason::MissingScope
        )
    });
    if explained {
        return;
    }
    let mut message =
        "Claude Code will find no credential and stop with \"Not logged in · Please run /login\""
            .to_owned();
    if !r.ignored.is_empty() {
        let why: Vec<String> = r
            .ignored
            .iter()
            .map(|i| format!("{}: {}", describe_ignored(i), i.reason.explain()))
            .collect();
        message.push_str(&format!("; present but unused: {}", why.join("; ")));
    }
    out.push(META.finding(
        Location::Environment,
        message,
        format!(
            "Give the step a credential from the CI secret store: CLAUDE_CODE_OAUTH_TOKEN (mint \
             one with `ccauth setup-token`) or ANTHROPIC_API_KEY; {}.",
            cx.ci.pass_secret("CLAUDE_CODE_OAUTH_TOKEN")
        ),
    ));
}
