//! The GitLab Code Quality format: a JSON array of issues with stable fingerprints.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::RenderInput;
use crate::claude::Location;
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
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let issues: Vec<Issue> = input
        .findings()
        .iter()
        .map(|f| {
            let (path, line, _) = input.anchored_position(&f.location);
            let subject = match &f.location {
                Location::Env { name } => name.clone(),
                other => other.to_string(),
            };
            // Stable across runs: no secret material, and a counter for repeated subjects.
            let key = format!("{}\0{subject}", f.rule);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let digest = Sha256::digest(format!("{key}\0{n}").as_bytes());
            Issue {
                description: format!("{} ({}). {}", f.message, f.location, f.help),
                check_name: f.rule,
                fingerprint: digest.iter().map(|b| format!("{b:02x}")).collect(),
                severity: match f.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "minor",
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
