//! `api-key-helper-failed`: with `--run-helper`, the helper Claude Code would run fails, times
//! out, prints nothing or prints something Claude Code rejects.

use crate::lint::{Context, Finding, Severity};

declare_rule!(
    ApiKeyHelperFailed,
    "api-key-helper-failed",
    Severity::Error,
    "With --run-helper: the apiKeyHelper fails, times out, writes to stderr or prints no usable key.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(run), Some(helper)) = (cx.helper_run, &cx.resolution.helper) else {
        return;
    };
    let Some(what) = run.failure() else {
        return;
    };
    out.push(META.finding(
        helper.location.clone(),
        format!(
            "the apiKeyHelper from {} {what}; Claude Code still uses it (an empty key, exit \
             code 0) and does not fall back to other credentials",
            helper.origin
        ),
        "Run the helper by hand in the same environment; it must print only the key on \
         stdout, nothing on stderr, and exit 0.",
    ));
}
