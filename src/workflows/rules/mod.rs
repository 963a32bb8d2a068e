//! The lint-workflows rule registry: one module per rule, named after its id (all start with
//! `workflow-`), and [`RULES`], the one list the CLI values, docs index, SARIF rules and fixture
//! folders are derived from.

use super::model::{Binding, ClaudeStep, FileModel, System};
use crate::claude::resolve::Resolution;
use crate::lint::{Ci, Finding, RuleMeta};
use crate::workflows::value::Value;

pub(crate) mod workflow_action_validation;
pub(crate) mod workflow_api_key_shadows_oauth;
pub(crate) mod workflow_bare_mode_oauth_only;
pub(crate) mod workflow_both_action_credentials;
pub(crate) mod workflow_credential_in_wrong_variable;
pub(crate) mod workflow_fork_empty_secret;
pub(crate) mod workflow_literal_credential;
pub(crate) mod workflow_no_credential;
pub(crate) mod workflow_secret_in_run_script;

/// What a workflow rule may look at: one file's model, each Claude step with what the resolver
/// decides for it.
pub struct FileContext<'a> {
    pub file: &'a FileModel,
    pub steps: Vec<(&'a ClaudeStep, Resolution)>,
    /// The CI system the advice speaks to.
    pub ci: Ci,
}

impl<'a> FileContext<'a> {
    /// Resolves every Claude step of `file`.
    pub fn new(file: &'a FileModel) -> Self {
        let steps = file.steps.iter().map(|s| (s, s.resolve(file))).collect();
        let ci = match file.system {
            System::Gitlab => Ci::GitLab,
            System::GithubWorkflow | System::GithubAction => Ci::GitHub,
        };
        Self { file, steps, ci }
    }
}

/// A lint-workflows rule. One type per file under `src/workflows/rules/`, registered in
/// [`RULES`].
pub trait WorkflowRule: Sync {
    /// The rule's id, severity and summary.
    fn meta(&self) -> &'static RuleMeta;
    /// Appends the rule's findings for one file.
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Finding>);
}

/// Every workflow rule, in the order findings of equal severity are reported.
pub static RULES: &[&dyn WorkflowRule] = &[
    &workflow_no_credential::WorkflowNoCredential,
    &workflow_action_validation::WorkflowActionValidation,
    &workflow_api_key_shadows_oauth::WorkflowApiKeyShadowsOauth,
    &workflow_both_action_credentials::WorkflowBothActionCredentials,
    &workflow_bare_mode_oauth_only::WorkflowBareModeOauthOnly,
    &workflow_credential_in_wrong_variable::WorkflowCredentialInWrongVariable,
    &workflow_literal_credential::WorkflowLiteralCredential,
    &workflow_secret_in_run_script::WorkflowSecretInRunScript,
    &workflow_fork_empty_secret::WorkflowForkEmptySecret,
];

/// What a secret's name says it holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Named {
    Oauth,
    ApiKey,
    Unclear,
}

/// `*OAUTH*` says OAuth token, `*API_KEY*` (or `APIKEY`, `API-KEY`) says API key.
pub(crate) fn named(secret: &str) -> Named {
    let upper = secret.to_ascii_uppercase().replace('-', "_");
    if upper.contains("OAUTH") {
        Named::Oauth
    } else if upper.contains("API_KEY") || upper.contains("APIKEY") {
        Named::ApiKey
    } else {
        Named::Unclear
    }
}

/// `NAME (secret X, from job `review`'s env)`: a binding, for messages.
pub(crate) fn describe(name: &str, b: &Binding) -> String {
    let value = match &b.value {
        // A switch is no secret: its value says what it does.
        Value::Literal(text) if !crate::claude::sources::is_credential_var(name) => {
            format!("{text:?}")
        }
        other => other.describe(),
    };
    format!("{name} ({value}, from {})", b.via)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_prefixed_and_match_module_names() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            let id = rule.meta().id;
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(id.starts_with("workflow-"), "{id}: not a workflow- id");
            assert!(
                crate::lint::rule_ids().all(|other| other != id),
                "{id} is also a lint-env rule"
            );
            let file = format!(
                "{}/src/workflows/rules/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                id.replace('-', "_")
            );
            assert!(std::path::Path::new(&file).is_file(), "{id}: no {file}");
        }
    }
}
