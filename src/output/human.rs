//! The human format: what Claude Code will send, then each finding with its help.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{RenderInput, Subject};
use crate::claude::endpoint::Endpoint;
use crate::claude::provider::Provider;
use crate::claude::resolve::Resolution;
use crate::claude::Location;
use crate::claude::CLAUDE_CODE_VERSION;
use crate::lint::Severity;
use crate::workflows::FileSummary;

struct Palette {
    error: Style,
    warning: Style,
    strong: Style,
    dim: Style,
    ok: Style,
}

impl Palette {
    fn new(color: bool) -> Self {
        if !color {
            let plain = Style::new();
            return Self {
                error: plain,
                warning: plain,
                strong: plain,
                dim: plain,
                ok: plain,
            };
        }
        Self {
            error: AnsiColor::Red.on_default().bold(),
            warning: AnsiColor::Yellow.on_default().bold(),
            strong: Style::new().bold(),
            dim: Style::new().dimmed(),
            ok: AnsiColor::Green.on_default().bold(),
        }
    }

    /// `text` in `style`; the text is made printable first, so only the palette writes escapes.
    fn paint(&self, style: Style, text: &str) -> String {
        format!("{style}{}{style:#}", super::printable(text))
    }
}

/// What the environment sends, header by header, and what it does not.
fn environment(
    p: &Palette,
    r: &Resolution,
    endpoint: &Endpoint,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    writeln!(
        out,
        "{} (model of Claude Code {CLAUDE_CODE_VERSION}): {} mode{}, provider {}",
        p.paint(p.strong, "What Claude Code will send"),
        r.mode.id(),
        if r.bare { ", bare" } else { "" },
        r.provider
    )?;
    for name in ["x-api-key", "authorization"] {
        match r.headers.iter().find(|(n, _)| *n == name) {
            Some((_, h)) => writeln!(
                out,
                "  {name:<14} {} {}  {}{}{}",
                p.paint(p.strong, h.source().id()),
                super::printable(&h.candidate.redacted()),
                p.paint(p.dim, &format!("from {}", h.candidate.origin)),
                if h.oauth_beta { " (OAuth)" } else { "" },
                if h.uncertain {
                    " (only sometimes: seen racing in this combination)"
                } else {
                    ""
                }
            )?,
            None => writeln!(out, "  {name:<14} {}", p.paint(p.dim, "not sent"))?,
        }
    }
    writeln!(
        out,
        "  {:<14} {}  {}",
        "endpoint",
        super::printable(&endpoint.shown),
        p.paint(
            p.dim,
            &match endpoint.origin.as_str() {
                "default" => "default".to_owned(),
                origin => format!("from {origin}"),
            }
        )
    )?;
    if r.headers.is_empty() {
        let style = if r.skip_auth { p.dim } else { p.error };
        writeln!(
            out,
            "  {}",
            p.paint(
                style,
                &format!("no credential is sent: {}", r.nothing_sent())
            )
        )?;
    }
    for i in &r.ignored {
        let value = if i.candidate.redacted().is_empty() {
            String::new()
        } else {
            format!(" {}", super::printable(&i.candidate.redacted()))
        };
        writeln!(
            out,
            "  {:<14} {}{value}  {}",
            "unused",
            i.source(),
            p.paint(
                p.dim,
                &format!("from {}: {}", i.candidate.origin, i.reason.explain())
            )
        )?;
    }
    Ok(())
}

/// The files read and, per step that runs Claude Code, what it would send.
fn workflows(
    input: &RenderInput<'_>,
    p: &Palette,
    files: &[FileSummary],
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let steps: usize = files.iter().map(|f| f.steps.len()).sum();
    writeln!(
        out,
        "{} (model of Claude Code {CLAUDE_CODE_VERSION}): {} file{}, {steps} step{} running Claude Code",
        p.paint(p.strong, "Claude Code in CI files"),
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if steps == 1 { "" } else { "s" },
    )?;
    for step in files.iter().flat_map(|f| &f.steps) {
        let at = input.show_location(&Location::at(&step.path, step.line, step.column));
        let sends = if step.sends.is_empty() {
            match step.unseen {
                // Not "nothing": only nothing the files show.
                Some(why) => format!("sends nothing the files show (it may get one from {why})"),
                None => "sends nothing".to_owned(),
            }
        } else {
            format!("sends {}", step.sends.join(", "))
        };
        let extra = match (step.provider, step.bare) {
            (Provider::Anthropic, false) => String::new(),
            (Provider::Anthropic, true) => " (bare)".to_owned(),
            (provider, bare) => {
                format!(" (provider {provider}{})", if bare { ", bare" } else { "" })
            }
        };
        writeln!(
            out,
            "  {}  {}  {}",
            super::printable(&at),
            super::printable(&step.label),
            p.paint(p.dim, &format!("{sends}{extra}"))
        )?;
        if let Some(action) = &step.action {
            writeln!(out, "      {}", p.paint(p.dim, &super::printable(action)))?;
        }
    }
    Ok(())
}

pub(super) fn render(input: &RenderInput<'_>, out: &mut Vec<u8>) -> io::Result<()> {
    let p = Palette::new(input.color);
    match &input.subject {
        Subject::Environment {
            resolution,
            endpoint,
        } => environment(&p, resolution, endpoint, out)?,
        Subject::Workflows { files, .. } => workflows(input, &p, files, out)?,
    }
    for f in input.findings() {
        let style = match f.severity {
            Severity::Error => p.error,
            Severity::Warning => p.warning,
            Severity::Note => p.dim,
        };
        let word = f.severity.id();
        writeln!(out)?;
        writeln!(
            out,
            "{}{}",
            p.paint(style, &format!("{word}[{}]", f.rule)),
            p.paint(p.strong, &format!(": {}", f.message))
        )?;
        let at = super::printable(&input.show_location(&f.location));
        writeln!(out, "  {} {at}", p.paint(p.dim, "-->"))?;
        writeln!(
            out,
            "  {} {}",
            p.paint(p.dim, "= help:"),
            super::printable(&f.help)
        )?;
        writeln!(out, "  {} {}", p.paint(p.dim, "= docs:"), f.docs)?;
    }
    let errors = input.report.count(Severity::Error);
    let warnings = input.report.count(Severity::Warning);
    writeln!(out)?;
    let tally = format!(
        "{errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    let style = if errors > 0 {
        p.error
    } else if warnings > 0 {
        p.warning
    } else {
        p.ok
    };
    write!(out, "{}", p.paint(style, &tally))?;
    let notes = input.report.count(Severity::Note);
    if notes > 0 {
        write!(out, ", {notes} note{}", if notes == 1 { "" } else { "s" })?;
    }
    if input.report.suppressed > 0 {
        write!(
            out,
            " ({} suppressed {})",
            input.report.suppressed,
            input.suppressed_by()
        )?;
    }
    writeln!(out)
}
