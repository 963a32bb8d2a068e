//! `oauth-scope-missing`: the OAuth credential Claude Code would use lacks `user:inference`.

use crate::claude::files::INFERENCE_SCOPE;
use crate::claude::resolve::IgnoreReason;
use crate::claude::sources::{vars, SourceId};
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    OauthScopeMissing,
    "oauth-scope-missing",
    Severity::Error,
    "The OAuth credential in use lacks the user:inference scope, so Claude Code says \"Not logged in\".",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for i in cx
        .resolution
        .ignored
        .iter()
        .filter(|i| i.reason == IgnoreReason::MissingScope)
    {
        let (message, location) = if i.source() == SourceId::CredentialsFile {
            let scopes = cx
                .snapshot
                .stored_login
                .as_ref()
                .and_then(|l| l.scopes.clone())
                .map_or_else(|| "none recorded".to_owned(), |s| s.join(" "));
            (
                format!("the stored login lacks the {INFERENCE_SCOPE} scope (scopes: {scopes})"),
                i.candidate.location.clone(),
            )
        } else {
            let scopes = cx.snapshot.var(vars::OAUTH_SCOPES);
            (
                format!(
                    "{OAUTH_SCOPES} is set to '{}', without {INFERENCE_SCOPE}, so {} is not used",
                    scopes.map_or("", |d| d.raw.trim()),
                    i.source(),
                    OAUTH_SCOPES = vars::OAUTH_SCOPES
                ),
                scopes.map_or(i.candidate.location.clone(), |d| d.location.clone()),
            )
        };
        out.push(META.finding(
            location,
            format!("{message}; Claude Code will say \"Not logged in\""),
            "Mint an inference token with `ccauth setup-token` and pass it as \
             CLAUDE_CODE_OAUTH_TOKEN, or unset CLAUDE_CODE_OAUTH_SCOPES.",
        ));
    }
}
