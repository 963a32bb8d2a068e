//! `workflow-action-validation`: claude-code-action checks its environment before Claude Code
//! runs (its `validate-env` step) and stops the job when the check fails; the finding gives the
//! action's own words.

use super::FileContext;
use crate::claude::sources::vars;
use crate::lint::{Finding, Severity};
use crate::workflows::model::{ClaudeStep, Runner, Settings};

declare_rule!(
    workflow WorkflowActionValidation,
    "workflow-action-validation",
    Severity::Error,
    "claude-code-action's own check of its environment fails before Claude Code runs: two providers, no API key, OAuth token or federation without one, or a provider's required variables missing.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (step, r) in &cx.steps {
        let Runner::ClaudeCodeAction(uses, _) = &step.runner else {
            continue;
        };
        // A settings file or a secret manager may hand the action what the file does not show.
        if step.settings == Settings::Opaque || step.env_from_actions {
            continue;
        }
        let on = |var: &str| {
            step.env.get(var).is_some_and(
                |b| matches!(&b.value, crate::workflows::value::Value::Literal(t) if t == "1"),
            )
        };
        let maybe = |var: &str| step.present(var).is_some();
        let providers = [
            (vars::USE_BEDROCK, "Bedrock"),
            (vars::USE_VERTEX, "Vertex"),
            (vars::USE_FOUNDRY, "Foundry"),
        ];
        let active: Vec<&str> = providers
            .iter()
            .filter(|(v, _)| on(v))
            .map(|(v, _)| *v)
            .collect();
        let mut said: Vec<String> = Vec::new();
        if active.len() > 1 {
            said.push(
                "Cannot use multiple providers simultaneously. Please set only one of: \
                 CLAUDE_CODE_USE_BEDROCK, CLAUDE_CODE_USE_VERTEX, or CLAUDE_CODE_USE_FOUNDRY."
                    .to_owned(),
            );
        } else if active.is_empty() {
            let unknown_switch = providers.iter().any(|(v, _)| maybe(v) && !on(v));
            let has = maybe(vars::API_KEY) || maybe(vars::OAUTH_TOKEN) || federation(step);
            // With nothing at all, workflow-no-credential says it; this is the case Claude Code
            // itself would accept (ANTHROPIC_AUTH_TOKEN alone) but the action does not.
            if !has && !unknown_switch && !r.headers.is_empty() {
                said.push(
                    "Either ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN is required when using \
                     direct Anthropic API."
                        .to_owned(),
                );
            }
        } else if on(vars::USE_BEDROCK) {
            if !maybe("AWS_REGION") {
                said.push("AWS_REGION is required when using AWS Bedrock.".to_owned());
            }
            let keys = maybe("AWS_ACCESS_KEY_ID") && maybe("AWS_SECRET_ACCESS_KEY");
            let others = [
                "AWS_BEARER_TOKEN_BEDROCK",
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            ];
            if !keys && !others.iter().any(|v| maybe(v)) {
                said.push("No valid AWS credentials found for Bedrock.".to_owned());
            }
        } else if on(vars::USE_VERTEX) {
            for v in ["ANTHROPIC_VERTEX_PROJECT_ID", "CLOUD_ML_REGION"] {
                if !maybe(v) {
                    said.push(format!("{v} is required when using Google Vertex AI."));
                }
            }
        } else if on(vars::USE_FOUNDRY)
            && !maybe("ANTHROPIC_FOUNDRY_RESOURCE")
            && !maybe("ANTHROPIC_FOUNDRY_BASE_URL")
        {
            said.push(
                "Either ANTHROPIC_FOUNDRY_RESOURCE or ANTHROPIC_FOUNDRY_BASE_URL is required when \
                 using Microsoft Foundry."
                    .to_owned(),
            );
        }
        if said.is_empty() {
            continue;
        }
        out.push(META.finding(
            cx.file.at(step.pos),
            format!(
                "{} runs {uses}, whose check of the environment fails before Claude Code starts: \
                 \"{}\"",
                step.label,
                said.join(" ")
            ),
            "Give the action what its check asks for, in the step's `with:` (the credential \
             inputs) or `env:` (the provider's variables, or an earlier step such as \
             aws-actions/configure-aws-credentials that exports them).",
        ));
    }
}

/// The action's workload identity federation inputs are given.
fn federation(step: &ClaudeStep) -> bool {
    step.env
        .get(vars::IDENTITY_TOKEN)
        .is_some_and(|b| b.via.starts_with("workload identity federation"))
}
