//! `settings-env-overrides-environment`: a settings file's `env` block replaces an exported
//! variable; Claude Code applies settings over the process environment.

use crate::claude::sources::{auth_vars, is_credential_var};
use crate::claude::values::credential_value;
use crate::claude::Origin;
use crate::lint::{Context, Finding, Severity};
use crate::redact::redact;

declare_rule!(
    SettingsEnvOverridesEnvironment,
    "settings-env-overrides-environment",
    Severity::Error,
    "A settings file's env block replaces an exported auth variable (settings beat the process environment).",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for name in auth_vars() {
        let Some(entry) = cx.snapshot.env.get(name) else {
            continue;
        };
        let current = &entry.current;
        if !current.origin.is_settings() {
            continue;
        }
        let Some(exported) = entry.replaced.iter().find(|d| d.origin == Origin::Process) else {
            continue;
        };
        let (new, old) = (
            credential_value(&current.raw),
            credential_value(&exported.raw),
        );
        if new == old {
            continue;
        }
        let file = current.location.to_string();
        let credential = is_credential_var(name);
        let change = if credential {
            format!(
                " ({} replaces {})",
                new.map_or_else(|| "an empty value".into(), redact),
                old.map_or_else(|| "an empty value".into(), redact)
            )
        } else {
            String::new()
        };
        let finding = META.finding(
            current.location.clone(),
            format!(
                "{file} ({}) sets {name} in its env block, which replaces the exported {name}{change}",
                current.origin
            ),
            format!(
                "Settings `env` values beat exported variables. Remove {name} from that file's \
                 env block, or stop exporting it, so only one definition remains."
            ),
        );
        out.push(if credential {
            finding
        } else {
            finding.with_severity(Severity::Warning)
        });
    }
}
