//! The GitLab Code Quality format: a JSON array of issues with stable fingerprints.

use std::io::{self, Write};

use serde::Serialize;

use super::RenderInput;
use crate::lint::Severity;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub(super) fn render(input: &RenderInput<'_>, out: &mut Vec<u8>) -> io::Result<()> {
    let issues: Vec<Issue> = input
        .findings()
        .iter()
        .zip(input.fingerprints())
        .map(|(f, fingerprint)| {
            let (path, line, _) = input.anchored_position(&f.location);
            Issue {
                description: format!(
                    "{} ({}). {}",
                    f.message,
                    input.show_location(&f.location),
                    f.help
                ),
                check_name: f.rule.id,
                fingerprint,
                severity: match f.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                location: IssueLocation {
                    path,
                    lines: Lines { begin: line },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
