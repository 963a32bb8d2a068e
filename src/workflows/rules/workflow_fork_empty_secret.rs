//! `workflow-fork-empty-secret`: a step running Claude Code with a secret credential in a
//! workflow whose pull requests from forks (or Dependabot's runs) get empty secrets, unguarded.

use super::{describe, FileContext};
use crate::claude::sources::{vars, SECRET_VARS};
use crate::lint::{Finding, Severity};

declare_rule!(
    workflow WorkflowForkEmptySecret,
    "workflow-fork-empty-secret",
    Severity::Warning,
    "A step running Claude Code with a secret credential (or one made from the job's OIDC token) runs for a fork's pull request (pull_request, pull_request_review, pull_request_review_comment: empty secrets) or for Dependabot, and no condition excludes those runs.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (step, _) in &cx.steps {
        if step.empty_secret_triggers.is_empty() {
            continue;
        }
        let secret = SECRET_VARS.iter().find_map(|v| {
            step.env
                .get(*v)
                .filter(|b| !b.value.secrets().is_empty())
                .map(|b| (*v, b))
        });
        // Without a secret, a credential minted from the job's OIDC token: a fork's pull
        // request run (and Dependabot's) has a read-only token and cannot request one.
        let federated = step
            .env
            .get(vars::IDENTITY_TOKEN)
            .filter(|b| b.via.starts_with("workload identity federation"))
            .map(|b| format!("claude-code-action's {}", b.via))
            .or_else(|| step.federated_login.clone());
        // `var`: the variable a step-level check can test; none for an OIDC login.
        let (credential, lacking, var) = match (secret, federated) {
            (Some((name, b)), _) => (describe(name, b), "empty secrets", Some(name)),
            (None, Some(login)) => (
                format!("credentials from {login}, made with the job's OIDC token"),
                "no OIDC token (their token is read-only) and empty secrets",
                None,
            ),
            (None, None) => continue,
        };
        let forks: Vec<&str> = step
            .empty_secret_triggers
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "dependabot")
            .collect();
        let dependabot = step.empty_secret_triggers.iter().any(|t| t == "dependabot");
        let mut why = match (forks.as_slice(), dependabot) {
            ([], _) if var.is_none() => "Dependabot is configured here \
                (.github/dependabot.yml) and its runs get a read-only token, so no OIDC token"
                .to_owned(),
            ([], _) => "Dependabot is configured here (.github/dependabot.yml) and its runs get \
                        only Dependabot secrets, so this one is empty"
                .to_owned(),
            (t, d) => format!(
                "it runs on {}, and the runs for a fork's pull request get {lacking}{}",
                t.join(" and "),
                if d { " (so do Dependabot's)" } else { "" }
            ),
        };
        if let Some(outputs) = &step.unfollowed_guard {
            why.push_str(&format!(
                "; its condition depends on {outputs}, which ccauth did not follow, so it may be \
                 guarded"
            ));
        }
        let (outcome, fix) = match var {
            None => (
                "the login fails and Claude Code does not start",
                "Guard the job or step: `if: github.event.pull_request.head.repo.full_name == \
                 github.repository && github.actor != 'dependabot[bot]'`; a fork's run cannot \
                 have the OIDC token the login needs."
                    .to_owned(),
            ),
            Some(name) => (
                "the run stops with \"Not logged in\", or another credential wins",
                format!(
                    "Guard the job or step: `if: github.event.pull_request.head.repo.full_name \
                     == github.repository && github.actor != 'dependabot[bot]'`, or run the step \
                     only when the credential is there (a step-level `if: env.{name} != ''`)."
                ),
            ),
        };
        let finding = META.finding(
            cx.file.at(step.pos),
            format!(
                "{} runs Claude Code with {credential}, but {why}: {outcome}",
                step.label
            ),
            fix,
        );
        out.push(if step.unfollowed_guard.is_some() {
            finding.with_severity(Severity::Note)
        } else {
            finding
        });
    }
}
