//! `token-expiry`: the OAuth token's recorded expiry (`--expires-at`, or the
//! `CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT` that `setup-token --gh-secret` stores) has passed, or
//! falls inside `--warn-days`. Offline: nothing is sent.

use crate::claude::expiry::{Standing, EXPIRES_AT_VAR};
use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    TokenExpiry,
    "token-expiry",
    Severity::Error,
    "The OAuth token's recorded expiry has passed (an error) or falls within --warn-days (a warning).",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(e) = cx.expiry else {
        return;
    };
    let location = if e.from == EXPIRES_AT_VAR {
        Location::Env {
            name: EXPIRES_AT_VAR.into(),
        }
    } else {
        Location::CommandLine {
            argument: "--expires-at".into(),
        }
    };
    let help = "Mint a new token with `ccauth setup-token --gh-secret CLAUDE_CODE_OAUTH_TOKEN` \
                (it stores the new expiry too) and replace the secret.";
    match e.standing {
        Standing::Valid => {}
        Standing::ExpiresSoon => out.push(
            META.finding(
                location,
                format!(
                    "the OAuth token expires {}, in {} days (within --warn-days {})",
                    e.expires_at, e.days_left, e.warn_days
                ),
                help,
            )
            .with_severity(Severity::Warning),
        ),
        Standing::Expired => out.push(META.finding(
            location,
            format!(
                "the OAuth token expired {} (according to {}); Claude Code will fail with \"OAuth token has expired\"",
                e.expires_at, e.from
            ),
            help,
        )),
    }
}
