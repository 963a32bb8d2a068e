//! The SARIF 2.1.0 format, built with the typed `serde-sarif` model.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_sarif::sarif;

use super::{RenderInput, Subject};
use crate::claude::Location;
use crate::lint::{Finding, Severity};

pub(super) fn render(input: &RenderInput<'_>, out: &mut Vec<u8>) -> io::Result<()> {
    let rules: Vec<sarif::ReportingDescriptor> = input
        .rules
        .iter()
        .map(|m| {
            sarif::ReportingDescriptor::builder()
                .id(m.id)
                .name(m.id)
                .short_description(&m.summary.to_owned())
                .help_uri(m.docs_url())
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(level(m.severity))
                        .build(),
                )
                .build()
        })
        .collect();
    let mut results: Vec<sarif::Result> = input
        .findings()
        .iter()
        .zip(input.fingerprints())
        .map(|(f, fingerprint)| result(input, f, fingerprint))
        .collect();
    // Findings `--ignore` removed are results too, marked suppressed, so the log counts them.
    for f in &input.report.suppressed_findings {
        let mut r = result(input, f, String::new());
        r.partial_fingerprints = None;
        r.suppressions = Some(vec![sarif::Suppression::builder()
            .kind("external")
            .justification(format!("{} ({})", input.suppressed_by(), f.rule))
            .build()]);
        results.push(r);
    }
    let driver = sarif::ToolComponent::builder()
        .name("ccauth")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(crate::lint::DOCS_URL)
        .rules(rules)
        .build();
    let mut run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .build();
    // Where the credential goes, for readers of the log (no result needs a file for it).
    if let Subject::Environment { endpoint, .. } = &input.subject {
        let endpoint = serde_json::to_value(endpoint).map_err(io::Error::other)?;
        run.properties = Some(
            sarif::PropertyBag::builder()
                .additional_properties(BTreeMap::from([("endpoint".to_owned(), endpoint)]))
                .build(),
        );
    }
    let doc = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn level(s: Severity) -> serde_json::Value {
    serde_json::json!(match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    })
}

fn result(input: &RenderInput<'_>, f: &Finding, fingerprint: String) -> sarif::Result {
    let rule_index = input
        .rules
        .iter()
        .position(|m| std::ptr::eq(*m, f.rule))
        .unwrap_or(0);
    // Code scanning rejects a result without a file, so environment findings are attached to
    // the CI configuration (the anchor) and keep a logical location naming the variable.
    let (path, line, column) = input.anchored_position(&f.location);
    let mut region = sarif::Region::builder().build();
    region.start_line = Some(i64::from(line));
    region.start_column = column.map(i64::from);
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(
            sarif::ArtifactLocation::builder()
                .uri(uri_reference(&path))
                .build(),
        )
        .region(region)
        .build();
    let mut location = sarif::Location::builder()
        .physical_location(physical)
        .build();
    location.logical_locations = match (&f.location, input.file_position(&f.location)) {
        (_, Some(_)) => None,
        (Location::Env { name }, None) => Some(vec![logical(name, "variable")]),
        (other, None) => Some(vec![logical(&other.to_string(), "environment")]),
    };
    sarif::Result::builder()
        .rule_id(f.rule.id)
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(sarif::ResultLevel::from(f.severity))
        .message(
            sarif::Message::builder()
                .text(format!("{} Help: {}", f.message, f.help))
                .build(),
        )
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([("ccauth/v1".to_owned(), fingerprint)]))
        .build()
}

/// A path as a SARIF `uri-reference`: `/` separated, every byte outside RFC 3986's unreserved
/// characters percent-encoded (a workflow named `claude review.yml`, a directory with `%`).
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn logical(name: &str, kind: &str) -> sarif::LogicalLocation {
    sarif::LogicalLocation::builder()
        .name(name)
        .kind(kind)
        .build()
}

impl From<Severity> for sarif::ResultLevel {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => Self::Error,
            Severity::Warning => Self::Warning,
            Severity::Note => Self::Note,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::uri_reference;

    #[test]
    fn uris_are_percent_encoded() {
        let table = [
            (
                ".github/workflows/claude review.yml",
                ".github/workflows/claude%20review.yml",
            ),
            ("100%/settings.json", "100%25/settings.json"),
            ("dir\\sub/é.json", "dir/sub/%C3%A9.json"),
            (".claude/settings.local.json", ".claude/settings.local.json"),
        ];
        for (path, want) in table {
            assert_eq!(uri_reference(path), want, "{path}");
        }
    }
}
