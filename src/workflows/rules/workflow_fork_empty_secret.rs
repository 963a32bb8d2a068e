//! `workflow-fork-empty-secret`: a step running Claude Code with a secret credential in a
//! workflow whose pull requests from forks (or Dependabot's runs) get empty secrets, unguarded.

use super::{describe, FileContext};
use crate::claude::sources::SECRET_VARS;
use crate::lint::{Finding, Severity};

declare_rule!(
    workflow WorkflowForkEmptySecret,
    "workflow-fork-empty-secret",
    Severity::Warning,
    "A step running Claude Code with a secret credential runs on pull_request (forks get empty secrets) or for Dependabot without a guard.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (step, _) in &cx.steps {
        if step.empty_secret_triggers.is_empty() {
            continue;
        }
        let Some((name, secret)) = SECRET_VARS.iter().find_map(|v| {
            step.env
                .get(*v)
                .filter(|b| !b.value.secrets().is_empty())
                .map(|b| (*v, b))
        }) else {
            continue;
        };
        let fork = step
            .empty_secret_triggers
            .iter()
            .any(|t| t == "pull_request");
        let why = if fork {
            "it runs on pull_request, and a pull request from a fork gets empty secrets (so does \
             one opened by Dependabot)"
        } else {
            "Dependabot is configured here (.github/dependabot.yml) and its runs get only \
             Dependabot secrets, so this one is empty"
        };
        out.push(META.finding(
            cx.file.at(step.pos),
            format!(
                "{} runs Claude Code with {}, but {why}: the run stops with \"Not logged in\", or \
                 another credential wins",
                step.label,
                describe(name, secret)
            ),
            format!(
                "Guard the job or step: `if: github.event.pull_request.head.repo.full_name == \
                 github.repository && github.actor != 'dependabot[bot]'`, or run the step only \
                 when the credential is there (a step-level `if: env.{name} != ''`)."
            ),
        ));
    }
}
