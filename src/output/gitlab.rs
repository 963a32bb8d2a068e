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

/// What a Code Quality report cannot hold goes to the job log (stderr): what is sent and where,
/// and how many findings were suppressed.
pub(super) fn log_lines(input: &RenderInput<'_>) {
    // A Code Quality report holds issues only: what is sent, and where, goes to the job log.
    if let super::Subject::Environment {
        resolution,
        endpoint,
    } = &input.subject
    {
        let sent = super::sent_sources(resolution);
        crate::say!(
            "ccauth: Claude Code will send {} to {} ({})",
            if sent.is_empty() {
                "no credential".to_owned()
            } else {
                sent
            },
            endpoint.shown,
            endpoint.origin
        );
    }
    // Nor for suppressed findings: they are counted in the log too.
    if input.report.suppressed > 0 {
        crate::say!(
            "ccauth: {} suppressed {} (not in the Code Quality report)",
            match input.report.suppressed {
                1 => "1 finding".to_owned(),
                n => format!("{n} findings"),
            },
            input.suppressed_by()
        );
    }
}
