//! `home-not-set`: the linted environment has no HOME (and no CLAUDE_CONFIG_DIR), so user
//! settings, `~/.claude.json` and the stored login were not read, by ccauth or by Claude Code.

use crate::claude::sources::vars;
use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    HomeNotSet,
    "home-not-set",
    Severity::Note,
    "The linted environment has no HOME, so user settings, ~/.claude.json and the stored login are not read.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let s = cx.snapshot;
    if s.home.is_some() || s.config_dir.is_some() {
        return;
    }
    out.push(META.finding(
        Location::Env {
            name: "HOME".into(),
        },
        format!(
            "HOME (and {}) is not set in the linted environment, so user settings, ~/.claude.json \
             and the stored /login were not read; Claude Code would not read them either",
            vars::CONFIG_DIR
        ),
        "With --clean-env, add --env HOME=<the job's home> to lint the environment the job will \
         really have.",
    ));
}
