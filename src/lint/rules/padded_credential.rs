//! `padded-credential`: a credential with whitespace or a line break around it.

use crate::claude::sources::SECRET_VARS;
use crate::claude::values::is_padded;
use crate::lint::{Context, Finding, Severity};
use crate::redact::redact;

declare_rule!(
    PaddedCredential,
    "padded-credential",
    Severity::Warning,
    "A credential has leading or trailing whitespace or a line break."
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for def in super::defined(cx, &SECRET_VARS).filter(|d| is_padded(&d.raw)) {
        out.push(META.finding(
            def.location.clone(),
            format!(
                "{} ({}) has {} around it; Claude Code trims it, but curl, SDKs and other \
                 tools in the job may send it as is",
                def.name,
                redact(&def.raw),
                padding(&def.raw)
            ),
            "Store the secret without surrounding whitespace (`printf %s` rather than `echo` \
             when piping it into a secret store).",
        ));
    }
}

/// Names the kind of padding, for the message.
fn padding(raw: &str) -> &'static str {
    let edges: String = raw
        .chars()
        .take_while(|c| c.is_whitespace())
        .chain(raw.chars().rev().take_while(|c| c.is_whitespace()))
        .collect();
    if edges.contains('\n') || edges.contains('\r') {
        "a line break"
    } else {
        "whitespace"
    }
}
