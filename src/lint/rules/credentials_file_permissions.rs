//! `credentials-file-permissions`: `.credentials.json` is readable by others.

use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    CredentialsFilePermissions,
    "credentials-file-permissions",
    Severity::Warning,
    "The stored-login file .credentials.json is readable or writable by group or others (not 0600).",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(login) = &cx.snapshot.stored_login else {
        return;
    };
    let Some(mode) = login.mode else { return };
    if mode & 0o077 == 0 {
        return;
    }
    out.push(META.finding(
        Location::file(&login.path),
        format!(
            "{} has mode {mode:04o}; other users on this machine can read the stored login",
            login.path.display()
        ),
        format!("chmod 600 {}", login.path.display()),
    ));
}
