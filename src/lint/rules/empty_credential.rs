//! `empty-credential`: a credential variable is set but empty or blank, typically a CI secret
//! that is not available to this run.

use crate::claude::resolve::IgnoreReason;
use crate::claude::sources::SourceId;
use crate::lint::{Context, Finding, Severity};

use super::what_is_sent;

declare_rule!(
    EmptyCredential,
    "empty-credential",
    Severity::Warning,
    "A credential variable is set but empty or blank (a missing secret); Claude Code treats it as unset.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for i in cx
        .resolution
        .ignored
        .iter()
        .filter(|i| i.reason == IgnoreReason::Empty)
    {
        // With --expect, an empty variable other than the expected one is deliberate (how
        // `export-env` clears variables in $GITHUB_ENV and GitLab dotenv): not worth a warning.
        if cx.expect.is_some_and(|e| !i.source().same_as(e)) {
            continue;
        }
        // A key emptied beside the OAuth credential that is sent is the fix api-key-shadows-oauth
        // asks for (an empty value clears a workflow-level one): not worth a warning.
        if clears_a_shadower(cx, i.source()) {
            continue;
        }
        let mut help = format!(
            "Make sure the secret behind {} exists and is passed to this job, or remove the \
             variable.",
            i.source()
        );
        if cx.ci == crate::lint::Ci::GitHub {
            help.push_str(
                " In GitHub Actions a secret that is not available reads as an empty string: \
                 workflows triggered by pull requests from forks get no secrets, and \
                 Dependabot runs see only Dependabot secrets. Skip the step for such runs or \
                 add the secret to the Dependabot secret store.",
            );
        } else if cx.ci == crate::lint::Ci::GitLab {
            help.push_str(
                " In GitLab CI, protected variables reach only pipelines on protected \
                 branches and tags.",
            );
        }
        out.push(META.finding(
            i.candidate.location.clone(),
            format!(
                "{} is set but empty, so Claude Code treats it as unset and will send {}",
                i.source(),
                what_is_sent(cx)
            ),
            help,
        ));
    }
}

/// True when OAuth is what is sent and `source` is one of the credentials that would shadow it.
fn clears_a_shadower(cx: &Context<'_>, source: SourceId) -> bool {
    let oauth_sent = cx
        .resolution
        .headers
        .iter()
        .any(|(_, h)| h.candidate.is_oauth());
    oauth_sent
        && matches!(
            source,
            SourceId::ApiKey | SourceId::AuthToken | SourceId::ApiKeyFd
        )
}
