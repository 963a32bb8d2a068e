//! `workflow-secret-in-run-script`: a Claude credential secret pasted into a `run:` script with
//! `${{ }}` instead of passed through `env:`.

use super::{named, FileContext, Named};
use crate::claude::sources::{vars, SECRET_VARS};
use crate::lint::{Finding, Severity};

declare_rule!(
    workflow WorkflowSecretInRunScript,
    "workflow-secret-in-run-script",
    Severity::Error,
    "A Claude credential secret (or a composite action's credential input) is interpolated with ${{ }} directly into a run: script instead of passed through env:.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    // Secrets the file itself gives to a credential variable or input are credentials too,
    // whatever their name.
    let feeds_credential: Vec<&str> = cx
        .file
        .assignments
        .iter()
        .flat_map(|a| a.value.secrets())
        .collect();
    for i in &cx.file.interpolations {
        let is_claude_secret = if let Some(name) = i.expression.strip_prefix("secrets.") {
            feeds_credential.contains(&name) || claude_credential_name(name)
        } else if let Some(name) = i.expression.strip_prefix("inputs.") {
            // A composite action's input named for a Claude credential.
            claude_credential_name(name)
        } else {
            // `env.<credential variable>`
            true
        };
        if !is_claude_secret {
            continue;
        }
        let var = variable_for(&i.expression);
        out.push(META.finding(
            cx.file.at(i.pos),
            format!(
                "`${{{{ {} }}}}` is written into a run: script: GitHub pastes the value into the \
                 script file on the runner before the shell starts, where an error message, `set \
                 -x` or a quoting mistake can print or run it",
                i.expression
            ),
            format!(
                "Pass it through the step's env (`env: {var}: ${{{{ {} }}}}`) and use \"${var}\" \
                 in the script; the runner masks it either way, but only env keeps it out of the \
                 script text.",
                if i.expression.starts_with("env.") {
                    format!("secrets.{var}")
                } else {
                    i.expression.clone()
                }
            ),
        ));
    }
}

/// A secret whose name says it is a Claude credential: it names Anthropic or Claude and a kind
/// of API credential, and not another kind of secret (a deploy or SSH key, a webhook, a
/// password). Seen: `CLAUDE_CODE_BASE_ACTION_REPO_DEPLOY_KEY`, written to `~/.ssh`, is an SSH key.
fn claude_credential_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase().replace('-', "_");
    let claude = upper.contains("ANTHROPIC") || upper.contains("CLAUDE");
    let other_secret = [
        "DEPLOY",
        "SSH",
        "WEBHOOK",
        "PASSWORD",
        "PRIVATE_KEY",
        "GPG",
        "SIGNING",
    ]
    .iter()
    .any(|w| upper.contains(w));
    let credential = [
        "API_KEY", "APIKEY", "TOKEN", "OAUTH", "KEY", "SECRET", "AUTH",
    ]
    .iter()
    .any(|w| upper.contains(w));
    claude && credential && !other_secret
}

/// The variable to pass an interpolated value through: the credential variable it names or
/// looks like, else the secret's own name.
fn variable_for(expression: &str) -> &str {
    if let Some(var) = expression.strip_prefix("env.") {
        return var;
    }
    let name = expression
        .strip_prefix("secrets.")
        .or_else(|| expression.strip_prefix("inputs."))
        .unwrap_or(expression);
    if SECRET_VARS.contains(&name) {
        return name;
    }
    match named(name) {
        Named::Oauth => vars::OAUTH_TOKEN,
        Named::ApiKey => vars::API_KEY,
        Named::Unclear => name,
    }
}
