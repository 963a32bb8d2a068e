//! `helper-in-project-settings`: the repository's own settings run a command that mints a
//! credential, so repository-controlled code handles your secrets.

use crate::claude::helper::HelperRun;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    HelperInProjectSettings,
    "helper-in-project-settings",
    Severity::Warning,
    "Project or local settings define apiKeyHelper, awsAuthRefresh, awsCredentialExport or gcpAuthRefresh: repository-controlled code mints the credential.",
);

/// Settings keys whose value is a command Claude Code runs for credentials.
const COMMAND_KEYS: &[&str] = &[
    "apiKeyHelper",
    "awsAuthRefresh",
    "awsCredentialExport",
    "gcpAuthRefresh",
];

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for file in cx
        .snapshot
        .settings
        .iter()
        .filter(|f| f.origin.is_repository_settings())
    {
        for key in COMMAND_KEYS {
            let Some((_, location)) = file.string_setting(key) else {
                continue;
            };
            let not_run =
                if *key == "apiKeyHelper" && matches!(cx.helper_run, Some(HelperRun::Untrusted)) {
                    "; --run-helper did not run it (add --trust-project-helpers to run the \
                 repository's code with this environment)"
                } else {
                    ""
                };
            out.push(META.finding(
                location,
                format!(
                    "{} sets {key}: a command from the repository mints the credential, and \
                     in -p mode it runs without a trust prompt{not_run}",
                    file.doc.label()
                ),
                "A pull request can change this command to print or send your secrets. Move \
                 it to user settings or a --settings file the pipeline controls, and do not \
                 run claude with secrets on untrusted pull requests.",
            ));
        }
    }
}
