//! `workflow-no-credential`: a step runs Claude Code (first-party) with no credential in its
//! declared environment and none from a settings file or input.

use super::FileContext;
use crate::claude::provider::Provider;
use crate::claude::sources::{is_credential_var, SWITCH_VARS};
use crate::lint::{Finding, Severity};
use crate::workflows::model::{Runner, Settings, System};

declare_rule!(
    workflow WorkflowNoCredential,
    "workflow-no-credential",
    Severity::Error,
    "A step running Claude Code (first-party) has no credential in its environment and none from --settings or a settings input.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    // A composite action's steps inherit the caller's environment, and GitLab's project and group
    // variables are not in the files: only a workflow declares everything.
    if cx.file.system != System::GithubWorkflow {
        return;
    }
    for (step, r) in &cx.steps {
        // What a wrapping action does with its inputs is not seen.
        if matches!(step.runner, Runner::Wrapper(_)) {
            continue;
        }
        // (Skipping auth is a Bedrock and Vertex setting: no first-party step has it.)
        if r.provider != Provider::Anthropic || !r.headers.is_empty() {
            continue;
        }
        let credential = step
            .env
            .iter()
            .any(|(n, b)| is_credential_var(n) && b.value.may_be_present());
        // Something that may be a credential, or may switch provider, at run time.
        let unknown_switch = SWITCH_VARS.iter().any(|n| {
            step.env
                .get(*n)
                .is_some_and(|b| !b.value.is_present() && b.value.may_be_present())
        });
        if credential
            || unknown_switch
            || step.settings == Settings::Opaque
            || step.env_from_actions
        {
            continue;
        }
        let how = match &step.runner {
            Runner::ClaudeCodeAction(uses, _) | Runner::Wrapper(uses) => format!(
                "Give {uses} a credential: `claude_code_oauth_token: ${{{{ \
                 secrets.CLAUDE_CODE_OAUTH_TOKEN }}}}` (mint one with `ccauth setup-token`) or \
                 `anthropic_api_key: ${{{{ secrets.ANTHROPIC_API_KEY }}}}`."
            ),
            Runner::Script => format!(
                "Give the step a credential from the secret store: {} (mint one with `ccauth \
                 setup-token`), or ANTHROPIC_API_KEY the same way.",
                cx.ci.pass_secret("CLAUDE_CODE_OAUTH_TOKEN")
            ),
        };
        out.push(META.finding(
            cx.file.at(step.pos),
            format!(
                "{} runs Claude Code with no credential in its environment: it stops with \"Not \
                 logged in · Please run /login\"",
                step.label
            ),
            how,
        ));
    }
}
