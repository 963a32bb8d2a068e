//! `workflow-literal-credential`: a credential written into a CI file (any literal in a
//! credential variable or input, or an `sk-ant-` token anywhere).

use super::FileContext;
use crate::lint::{Finding, Severity};
use crate::workflows::value::Value;

declare_rule!(
    workflow WorkflowLiteralCredential,
    "workflow-literal-credential",
    Severity::Error,
    "A literal credential (a token-shaped sk-ant- value, or a long random-looking literal in a credential variable or input; stand-ins such as test-key are not) is written in a CI file.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let mut reported_lines = Vec::new();
    for a in &cx.file.assignments {
        let Value::Literal(text) = &a.value else {
            continue;
        };
        // One finding per line: a value assigned and also passed on the same line (a step's
        // `env:` read again for a local action, `NAME=value claude …`) is one literal.
        if !is_credential_shaped(text.trim()) || reported_lines.contains(&(a.pos.file, a.pos.line))
        {
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

/// Words that mark a value as a stand-in (`test-anthropic-key`, `ollama`, `your-key-here`).
const STAND_IN_WORDS: &[&str] = &[
    "test",
    "dummy",
    "fake",
    "example",
    "placeholder",
    "changeme",
    "your",
    "xxx",
    "ollama",
    "local",
    "sample",
    "mock",
    "none",
    "not-",
    "replace",
    "secret",
    "token",
    "key",
];

/// A literal that has a real credential's shape: an `sk-ant-` token with its body, or a long
/// random-looking word (a gateway's token) that is no stand-in. A dummy value for a local
/// gateway or a test suite is no credential.
fn is_credential_shaped(text: &str) -> bool {
    if text.starts_with("sk-ant-") {
        return crate::workflows::is_token_shaped(text);
    }
    let lower = text.to_ascii_lowercase();
    text.chars().count() >= 24
        && !text.chars().any(char::is_whitespace)
        && text.chars().any(|c| c.is_ascii_digit())
        && text.chars().any(|c| c.is_ascii_alphabetic())
        && !STAND_IN_WORDS.iter().any(|w| lower.contains(w))
}

fn help(cx: &FileContext<'_>) -> String {
    format!(
        "Revoke it now (it stays in the git history), mint a new one, and keep it in the CI \
         secret store: {}.",
        cx.ci.pass_secret("CLAUDE_CODE_OAUTH_TOKEN")
    )
}
