//! `invalid-input-file`: a settings, dotenv or credentials file that cannot be read or parsed.

use crate::lint::{Context, Finding, Severity};

declare_rule!(
    InvalidInputFile,
    "invalid-input-file",
    Severity::Error,
    "A settings, env or credentials file cannot be read or parsed, so Claude Code ignores it or fails.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for p in &cx.snapshot.problems {
        out.push(META.finding(
            p.location.clone(),
            p.message.clone(),
            "Fix the file at the position given (for JSON, `jq . FILE` shows the context); \
             every other input was still linted.",
        ));
    }
}
