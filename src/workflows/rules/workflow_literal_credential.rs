//! `workflow-literal-credential`: a credential written into a CI file (any literal in a
//! credential variable or input, or an `sk-ant-` token anywhere).

use super::FileContext;
use crate::lint::{Finding, Severity};
use crate::workflows::value::Value;

declare_rule!(
    workflow WorkflowLiteralCredential,
    "workflow-literal-credential",
    Severity::Error,
    "A literal credential (an sk-ant- token, or any literal in a credential variable or input) is written in a CI file.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let mut reported_lines = Vec::new();
    for a in &cx.file.assignments {
        let Value::Literal(text) = &a.value else {
            continue;
        };
        // One finding per line: a value assigned and also passed on the same line (a step's
        // `env:` read again for a local action, `NAME=value claude …`) is one literal.
        if text.trim().is_empty() || reported_lines.contains(&(a.pos.file, a.pos.line)) {
            continue;
        }
        reported_lines.push((a.pos.file, a.pos.line));
        out.push(META.finding(
            cx.file.at(a.pos),
            format!(
                "{} is set to {} in the file itself: everyone who can read the repository, its \
                 forks and its history has it",
                a.target,
                a.value.describe()
            ),
            help(cx),
        ));
    }
    for (pos, token) in &cx.file.literal_tokens {
        if reported_lines.contains(&(pos.file, pos.line)) {
            continue;
        }
        reported_lines.push((pos.file, pos.line));
        out.push(META.finding(
            cx.file.at(*pos),
            format!(
                "an Anthropic credential ({}) is written in the file itself: everyone who can \
                 read the repository, its forks and its history has it",
                crate::redact::redact(token)
            ),
            help(cx),
        ));
    }
}

fn help(cx: &FileContext<'_>) -> String {
    format!(
        "Revoke it now (it stays in the git history), mint a new one, and keep it in the CI \
         secret store: {}.",
        cx.ci.pass_secret("CLAUDE_CODE_OAUTH_TOKEN")
    )
}
