//! `helper-in-project-settings`: the repository's own settings run a command that mints a
//! credential, so repository-controlled code handles your secrets.

use crate::claude::helper::HelperRun;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    guard HelperInProjectSettings,
    "helper-in-project-settings",
    Severity::Warning,
    "Settings the repository owns (project or local, or a --settings file or CLAUDE_CONFIG_DIR inside the checkout) define apiKeyHelper, awsAuthRefresh, awsCredentialExport or gcpAuthRefresh: repository-controlled code mints the credential.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (file, owner) in cx
        .snapshot
        .settings
        .iter()
        .filter_map(|f| f.owner.as_ref().map(|o| (f, o)))
    {
        for (key, location) in file.credential_commands() {
            let not_run =
                if key == "apiKeyHelper" && matches!(cx.helper_run, Some(HelperRun::Untrusted)) {
                    "; --run-helper did not run it (add --trust-project-helpers to run the \
                 repository's code with this environment)"
                } else {
                    ""
                };
            out.push(META.finding(
                location,
                format!(
                    "{} sets {key}: a command from the repository mints the credential, and \
                     in -p mode it runs without a trust prompt{not_run}{why}",
                    file.doc.label(),
                    why = owner.aside(),
                ),
                "A pull request can change this command to print or send your secrets. Move \
                 it to user settings or a --settings file the pipeline controls (outside the \
                 checkout), and do not run claude with secrets on untrusted pull requests.",
            ));
        }
    }
}
