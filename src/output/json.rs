//! The JSON format, schema 1 (docs/json-schema.md): a contract other tools rely on.

use std::io::{self, Write};

use serde::Serialize;

use super::{RenderInput, Subject};
use crate::claude::provider::Provider;
use crate::claude::resolve::{Headers, Ignored};
use crate::claude::Problem;
use crate::claude::{Mode, CLAUDE_CODE_VERSION};
use crate::lint::{Finding, Severity};
use crate::workflows::FileSummary;

/// The schema version; bumped only on incompatible changes.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    ccauth_version: &'static str,
    claude_code_version: &'static str,
    mode: Mode,
    bare: bool,
    provider: Provider,
    headers: &'a Headers,
    /// Where the credential goes: `{"url", "origin"}`.
    endpoint: &'a crate::claude::endpoint::Endpoint,
    /// Only when true: the provider's auth is skipped, so `headers: {}` still sends a request.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    skip_auth: bool,
    ignored: &'a [Ignored],
    findings: &'a [Finding],
    suppressed: usize,
    summary: Summary,
}

/// lint-workflows: the files read, the steps running Claude Code, and the findings.
#[derive(Serialize)]
struct WorkflowsDocument<'a> {
    schema: u32,
    ccauth_version: &'static str,
    claude_code_version: &'static str,
    files: &'a [FileSummary],
    /// Files that could not be linted (exit code 2).
    problems: &'a [Problem],
    findings: &'a [Finding],
    suppressed: usize,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
}

pub(super) fn render(input: &RenderInput<'_>, out: &mut Vec<u8>) -> io::Result<()> {
    let summary = Summary {
        errors: input.report.count(Severity::Error),
        warnings: input.report.count(Severity::Warning),
        notes: input.report.count(Severity::Note),
    };
    match &input.subject {
        Subject::Environment {
            resolution: r,
            endpoint,
        } => {
            let doc = Document {
                schema: SCHEMA,
                ccauth_version: env!("CARGO_PKG_VERSION"),
                claude_code_version: CLAUDE_CODE_VERSION,
                mode: r.mode,
                bare: r.bare,
                provider: r.provider,
                headers: &r.headers,
                endpoint,
                skip_auth: r.skip_auth,
                ignored: &r.ignored,
                findings: input.findings(),
                suppressed: input.report.suppressed,
                summary,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
        }
        Subject::Workflows { files, problems } => {
            let doc = WorkflowsDocument {
                schema: SCHEMA,
                ccauth_version: env!("CARGO_PKG_VERSION"),
                claude_code_version: CLAUDE_CODE_VERSION,
                files,
                problems,
                findings: input.findings(),
                suppressed: input.report.suppressed,
                summary,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
        }
    }
    writeln!(out)
}
