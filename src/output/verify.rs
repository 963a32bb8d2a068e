//! The verify report as people and machines read it: human, JSON, and GitHub (an annotation plus
//! a line in `$GITHUB_STEP_SUMMARY`). Everything goes out through the scrubbing writer.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::github::{escape_data, escape_property};
use super::{markdown_cell, printable, write_scrubbed};
use crate::verify::class::Class;
use crate::verify::Report;

/// `verify --format` (a smaller family than [`super::ReportFormat`]: a verdict, not findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyFormat {
    /// A verdict, its cause and fix, and what was sent, for people.
    Human,
    /// One JSON object (docs/json-schema.md, "verify").
    Json,
    /// A workflow-command annotation, and a line in $GITHUB_STEP_SUMMARY.
    Github,
}

impl VerifyFormat {
    /// Every format, in `--help` order (tests iterate it).
    pub const ALL: [VerifyFormat; 3] = [Self::Human, Self::Json, Self::Github];

    /// The `--format` value.
    pub fn id(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Github => "github",
        }
    }

    /// The CI a format is written for, which phrases the lint's advice.
    pub fn ci(self) -> Option<crate::lint::Ci> {
        match self {
            Self::Github => Some(crate::lint::Ci::GitHub),
            Self::Human | Self::Json => None,
        }
    }
}

/// Writes the report in `format` to `out`; for `github`, also appends to `summary` when given.
/// A summary that cannot be written is reported on stderr, naming the file; the annotation
/// still goes out.
pub fn render(
    format: VerifyFormat,
    report: &Report,
    summary: Option<&Path>,
    out: &mut impl Write,
) -> io::Result<()> {
    let text = match format {
        VerifyFormat::Human => human(report),
        VerifyFormat::Json => json(report)?,
        VerifyFormat::Github => github(report),
    };
    write_scrubbed(out, &text)?;
    if let (VerifyFormat::Github, Some(path)) = (format, summary) {
        super::append_step_summary(path, &summary_line(report));
    }
    Ok(())
}

/// `models probe, 2 attempts, 120 ms`.
fn how(report: &Report) -> String {
    if !report.live {
        return format!("{} probe, not run", report.probe.id());
    }
    if report.attempts == 0 {
        return format!("{} probe, no request made", report.probe.id());
    }
    let mut parts = vec![format!("{} probe", report.probe.id())];
    parts.push(match report.attempts {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    });
    match (report.latency_ms, report.attempts) {
        (Some(ms), 1) => parts.push(format!("{ms} ms")),
        (Some(ms), _) => parts.push(format!("the last took {ms} ms")),
        _ => {}
    }
    parts.join(", ")
}

/// The headers sent, one phrase each.
fn sent(report: &Report) -> Vec<String> {
    report
        .headers
        .iter()
        .map(|(name, h)| {
            let oauth = if h.oauth_beta { ", OAuth" } else { "" };
            format!("{}{oauth}", h.phrase(name))
        })
        .collect()
}

fn human(r: &Report) -> String {
    let mut o = String::new();
    let p = |s: &str| printable(s);
    o.push_str(&format!("verify: {} ({})\n", r.verdict.class, how(r)));
    o.push_str(&format!("  {}\n", p(&r.verdict.cause)));
    if !r.verdict.fix.is_empty() {
        o.push_str(&format!("  fix: {}\n", p(&r.verdict.fix)));
    }
    for line in sent(r) {
        o.push_str(&format!("  sent: {}\n", p(&line)));
    }
    o.push_str(&format!(
        "  endpoint: {} ({})\n",
        p(&r.endpoint.shown),
        r.endpoint.origin
    ));
    if let Some(req) = &r.request {
        o.push_str(&format!("  request: {}\n", p(req)));
    }
    match (r.status, &r.request_id) {
        (Some(s), Some(id)) => o.push_str(&format!("  answer: HTTP {s}, request id {}\n", p(id))),
        (Some(s), None) => o.push_str(&format!("  answer: HTTP {s}\n")),
        _ => {}
    }
    if let Some(body) = &r.body {
        o.push_str(&format!("  said: {}\n", p(body)));
    }
    if let Some(e) = &r.expiry {
        if e.standing == crate::claude::expiry::Standing::Valid {
            o.push_str(&format!("  expiry: {}\n", e.sentence()));
        }
    }
    for f in &r.lint.error_findings {
        o.push_str(&format!("  lint error: {}\n", p(f)));
    }
    for w in &r.warnings {
        o.push_str(&format!("warning: {}\n", p(w)));
    }
    o
}

fn json(r: &Report) -> io::Result<String> {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema: u32,
        ok: bool,
        #[serde(flatten)]
        report: &'a Report,
    }
    let doc = Doc {
        schema: 1,
        ok: r.exit() == crate::exit::ExitStatus::Success,
        report: r,
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    text.push('\n');
    Ok(text)
}

fn github(r: &Report) -> String {
    let level = match r.verdict.class {
        Class::Ok => "notice",
        Class::Expiring if !r.deny_warnings => "warning",
        Class::RateLimited
        | Class::Overloaded
        | Class::ServerError
        | Class::Network
        | Class::Timeout => "warning",
        _ => "error",
    };
    let mut body = format!("{} ({})", r.verdict.cause, how(r));
    if !r.verdict.fix.is_empty() {
        body.push_str(&format!("\nfix: {}", r.verdict.fix));
    }
    for f in &r.lint.error_findings {
        body.push_str(&format!("\nlint error: {f}"));
    }
    let mut o = format!(
        "::{level} title={}::{}\n",
        escape_property(&format!("ccauth verify: {}", r.verdict.class)),
        escape_data(&body)
    );
    let expired = r
        .expiry
        .as_ref()
        .is_some_and(|e| e.standing == crate::claude::expiry::Standing::Expired);
    for w in &r.warnings {
        // An expired record beside another verdict (an invalid key, say) is still an error.
        let level = if expired && r.expiry.as_ref().is_some_and(|e| *w == e.sentence()) {
            "error"
        } else {
            "warning"
        };
        o.push_str(&format!(
            "::{level} title={}::{}\n",
            escape_property("ccauth verify"),
            escape_data(w)
        ));
    }
    o
}

fn summary_line(r: &Report) -> String {
    let mark = match (r.exit(), r.verdict.class) {
        (crate::exit::ExitStatus::Success, Class::Expiring) => "⚠️",
        (crate::exit::ExitStatus::Success, _) => "✅",
        _ => "❌",
    };
    let mut line = format!(
        "{mark} **ccauth verify**: `{}`: {} ({})",
        r.verdict.class,
        markdown_cell(&r.verdict.cause),
        markdown_cell(&how(r))
    );
    if !r.verdict.fix.is_empty() {
        line.push_str(&format!(". Fix: {}", markdown_cell(&r.verdict.fix)));
    }
    line.push_str("\n\n");
    line
}
