//! `workflow-both-action-credentials`: claude-code-action given both `anthropic_api_key` and
//! `claude_code_oauth_token`; the action passes both on and the API key wins.

use super::{describe, FileContext};
use crate::claude::sources::vars;
use crate::lint::{Finding, Severity};
use crate::workflows::github::is_action_copy;
use crate::workflows::model::Runner;

declare_rule!(
    workflow WorkflowBothActionCredentials,
    "workflow-both-action-credentials",
    Severity::Error,
    "claude-code-action is given both anthropic_api_key and claude_code_oauth_token: if both are set, the API key wins and the OAuth token is unused (a warning for secrets, which may be unset on purpose).",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (step, _) in &cx.steps {
        let uses = match &step.runner {
            Runner::ClaudeCodeAction(uses, _) => uses,
            Runner::Wrapper(uses) if is_action_copy(uses) => uses,
            _ => continue,
        };
        let given = |var: &str, input: &str| {
            step.env
                .get(var)
                .filter(|b| b.via == format!("input {input}") && b.value.is_present())
        };
        let (Some(key), Some(oauth)) = (
            given(vars::API_KEY, "anthropic_api_key"),
            given(vars::OAUTH_TOKEN, "claude_code_oauth_token"),
        ) else {
            continue;
        };
        // Two secrets passed on purpose ("set one of them") are common: only when both exist is
        // the token shadowed, which a static reading cannot know. Two literals are certain.
        let literal = |v: &crate::workflows::value::Value| {
            matches!(v, crate::workflows::value::Value::Literal(_))
        };
        let both_literal = literal(&key.value) && literal(&oauth.value);
        let finding = META.finding(
            cx.file.at(key.pos.max(oauth.pos)),
            format!(
                "{} gives {uses} both anthropic_api_key and claude_code_oauth_token: if both \
                 secrets are set, the action sets {} and {}, and Claude Code sends the API key; \
                 the OAuth token is never used",
                step.label,
                describe(vars::API_KEY, key),
                describe(vars::OAUTH_TOKEN, oauth)
            ),
            "Give the action one credential: keep claude_code_oauth_token (a subscription token \
             from `ccauth setup-token`) or anthropic_api_key, and delete the other input. If \
             either may be unset on purpose, pass one expression that picks the one set.",
        );
        out.push(if both_literal {
            finding
        } else {
            finding.with_severity(Severity::Warning)
        });
    }
}
