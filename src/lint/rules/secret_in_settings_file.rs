//! `secret-in-settings-file`: a literal credential in `.claude/settings.json` or `.mcp.json`,
//! files that are committed with the repository.

use crate::claude::committed::literal_secrets;
use crate::claude::files::JsonDoc;
use crate::claude::sources::vars;
use crate::claude::Origin;
use crate::lint::{Context, Finding, Severity};
use crate::redact::redact;

declare_rule!(
    guard SecretInSettingsFile,
    "secret-in-settings-file",
    Severity::Error,
    "A literal credential in .claude/settings.json or .mcp.json, files committed with the repository.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let project = cx
        .snapshot
        .settings
        .iter()
        .filter(|f| f.origin == Origin::SettingsProject)
        .map(|f| &f.doc);
    for doc in project.chain(cx.snapshot.mcp.as_ref()) {
        for (key, value, at) in literal_secrets(doc) {
            let extra = if key.as_deref() == Some(vars::OAUTH_TOKEN) {
                "; Claude Code does not even read CLAUDE_CODE_OAUTH_TOKEN from project settings"
            } else {
                ""
            };
            out.push(META.finding(
                doc.locate(&at),
                format!(
                    "{} holds a literal secret{} ({}): this file is committed with the repository{extra}",
                    doc.label(),
                    key.map(|k| format!(" in {k}")).unwrap_or_default(),
                    redact(&value)
                ),
                help(doc),
            ));
        }
    }
}

fn help(doc: &JsonDoc) -> String {
    format!(
        "Rotate the secret now (it is in the repository history), remove it from {}, and pass \
         it from the CI secret store or from .claude/settings.local.json (git-ignored). In \
         .mcp.json use `${{VAR}}` expansion instead of a literal.",
        doc.label()
    )
}
