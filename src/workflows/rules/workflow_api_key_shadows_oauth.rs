//! `workflow-api-key-shadows-oauth`: a step gets an API key (or auth token) and an OAuth token;
//! Claude Code sends the first and the OAuth token is silently unused.

use super::{describe, FileContext};
use crate::claude::provider::Provider;
use crate::claude::resolve::IgnoreReason;
use crate::claude::sources::{vars, SourceId};
use crate::lint::{Finding, Severity};
use crate::workflows::model::Runner;

declare_rule!(
    workflow WorkflowApiKeyShadowsOauth,
    "workflow-api-key-shadows-oauth",
    Severity::Error,
    "A step running Claude Code gets an API key (or auth token) and an OAuth token: the OAuth token is silently unused.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (step, r) in &cx.steps {
        // What a wrapping action does with its inputs is not seen.
        if r.provider != Provider::Anthropic || matches!(step.runner, Runner::Wrapper(_)) {
            continue;
        }
        let Some(oauth) = step.present(vars::OAUTH_TOKEN) else {
            continue;
        };
        let by = r.ignored.iter().find_map(|i| match i.reason {
            IgnoreReason::ShadowedBy { by } if i.source() == SourceId::OauthToken => Some(by),
            _ => None,
        });
        let Some(var) = by.and_then(|s| s.props().variable) else {
            continue;
        };
        let Some(key) = step.env.get(var).filter(|b| b.value.is_present()) else {
            continue;
        };
        // Both given as claude-code-action inputs: workflow-both-action-credentials says it.
        if key.via == "input anthropic_api_key" && oauth.via == "input claude_code_oauth_token" {
            continue;
        }
        out.push(META.finding(
            cx.file.at(key.pos),
            format!(
                "{} runs Claude Code with {} and {}: Claude Code sends {var} and never uses the \
                 OAuth token",
                step.label,
                describe(var, key),
                describe(vars::OAUTH_TOKEN, oauth)
            ),
            format!(
                "Keep one credential per step: remove {var}, or clear it for this step with {}.",
                cx.ci.unset(var)
            ),
        ));
    }
}
