//! `expect-mismatch`: `--expect SOURCE` names the intended credential, and something else goes out.

use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

use super::what_is_sent;

declare_rule!(
    ExpectMismatch,
    "expect-mismatch",
    Severity::Error,
    "The credential named by --expect is not the one (or not the only one) Claude Code will send."
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(expected) = cx.expect else { return };
    let headers = &cx.resolution.headers;
    let other = headers.iter().find(|(_, h)| !h.source().same_as(expected));
    if !headers.is_empty() && other.is_none() {
        return;
    }
    let location = other.map_or(Location::Environment, |(_, h)| h.candidate.location.clone());
    let ignored = cx.resolution.ignored_from(expected).next();
    let why = match ignored {
        Some(i) if i.reason == crate::claude::resolve::IgnoreReason::Empty => {
            format!("{expected} is {}", i.reason.explain())
        }
        Some(i) => format!("{expected} is present but {}", i.reason.explain()),
        None if headers.uses(expected) => format!("{expected} is sent, but not alone"),
        None => format!("{expected} is not set"),
    };
    // With nothing else going out there is no other credential to remove: the expected one is
    // what is missing (an unset or empty secret, most often).
    let help = if other.is_some() {
        format!(
            "Remove the other credential from this step's environment and settings, or fix \
             {expected}; `ccauth lint-env --format json` lists every source with its origin."
        )
    } else {
        format!(
            "Make {expected} reach this step: check that the secret exists, is available to this \
             event (pull requests from forks and Dependabot get none) and is spelled the same; \
             `ccauth lint-env --format json` lists every source with its origin."
        )
    };
    out.push(META.finding(
        location,
        format!(
            "--expect {expected}, but Claude Code will send {}; {why}",
            what_is_sent(cx)
        ),
        help,
    ));
}
