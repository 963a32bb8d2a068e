//! The JSON format, schema 1 (docs/json-schema.md): a contract other tools rely on.

use std::io::{self, Write};

use serde::Serialize;

use super::RenderInput;
use crate::claude::provider::Provider;
use crate::claude::resolve::{Headers, Ignored};
use crate::claude::{Mode, CLAUDE_CODE_VERSION};
use crate::lint::{Finding, Severity};

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

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
}

pub(super) fn render(input: &RenderInput<'_>, out: &mut Vec<u8>) -> io::Result<()> {
    let r = input.resolution;
    let doc = Document {
        schema: SCHEMA,
        ccauth_version: env!("CARGO_PKG_VERSION"),
        claude_code_version: CLAUDE_CODE_VERSION,
        mode: r.mode,
        bare: r.bare,
        provider: r.provider,
        headers: &r.headers,
        endpoint: input.endpoint,
        skip_auth: r.skip_auth,
        ignored: &r.ignored,
        findings: input.findings(),
        suppressed: input.report.suppressed,
        summary: Summary {
            errors: input.report.count(Severity::Error),
            warnings: input.report.count(Severity::Warning),
            notes: input.report.count(Severity::Note),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
