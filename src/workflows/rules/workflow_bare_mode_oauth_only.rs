//! `workflow-bare-mode-oauth-only`: `claude --bare` (or `CLAUDE_CODE_SIMPLE`) where the only
//! credential is the OAuth token, which bare mode never reads (an error), or where another
//! credential goes out instead of the token the step was given (a warning).

use super::{describe, FileContext};
use crate::claude::provider::Provider;
use crate::claude::resolve::IgnoreReason;
use crate::claude::sources::{vars, SourceId};
use crate::lint::{Finding, Severity};

declare_rule!(
    workflow WorkflowBareModeOauthOnly,
    "workflow-bare-mode-oauth-only",
    Severity::Error,
    "`claude --bare` (or CLAUDE_CODE_SIMPLE) in a step whose only credential is the OAuth token, which bare mode does not read; a warning when another credential is sent instead and the token is silently unused.",
);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (step, r) in &cx.steps {
        if r.provider != Provider::Anthropic || !r.bare {
            continue;
        }
        let unread = r
            .ignored
            .iter()
            .any(|i| i.source() == SourceId::OauthToken && i.reason == IgnoreReason::BareMode);
        let Some(oauth) = step.present(vars::OAUTH_TOKEN) else {
            continue;
        };
        if !unread {
            continue;
        }
        let (cause, pos) = match (step.bare_flag, step.env.get(vars::SIMPLE)) {
            (Some(pos), _) => ("`--bare`".to_owned(), pos),
            (None, Some(simple)) => (describe(vars::SIMPLE, simple), simple.pos),
            (None, None) => ("bare mode".to_owned(), step.pos),
        };
        if !r.headers.is_empty() {
            // Another credential goes out: not a failure, but the token the step was given is
            // silently unused (lint-env's bare-mode-ignores-credential, in a CI file).
            out.push(
                META.finding(
                    cx.file.at(pos),
                    format!(
                        "{} runs Claude Code with {cause}, which ignores {}: it sends {} instead",
                        step.label,
                        describe(vars::OAUTH_TOKEN, oauth),
                        r.headers.source_ids().join(" and ")
                    ),
                    "Bare mode never reads CLAUDE_CODE_OAUTH_TOKEN: if the OAuth token is the \
                     credential you mean, drop --bare (and CLAUDE_CODE_SIMPLE); otherwise remove \
                     the token from this step.",
                )
                .with_severity(Severity::Warning),
            );
            continue;
        }
        out.push(META.finding(
            cx.file.at(pos),
            format!(
                "{} runs Claude Code with {cause} and only {}: bare mode never reads the OAuth \
                 token, so Claude Code stops with \"Not logged in\"",
                step.label,
                describe(vars::OAUTH_TOKEN, oauth)
            ),
            "Bare mode reads ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and an apiKeyHelper from \
             --settings, never CLAUDE_CODE_OAUTH_TOKEN: drop --bare (and CLAUDE_CODE_SIMPLE) for \
             this step, or give it an API key instead of the OAuth token.",
        ));
    }
}
