//! The GitHub Actions format: workflow commands that become annotations, at most
//! [`MAX_PER_LEVEL`] per level, and a markdown table appended to `$GITHUB_STEP_SUMMARY`.

use std::io::{self, Write};

use super::{RenderInput, Subject};
use crate::claude::Location;
use crate::lint::{Finding, Severity};

/// GitHub shows at most 10 annotations of each level per step; more are summarised.
pub const MAX_PER_LEVEL: usize = 10;

pub(super) fn render(input: &RenderInput<'_>, out: &mut Vec<u8>) -> io::Result<()> {
    let suppressed = match input.report.suppressed {
        0 => String::new(),
        1 => format!("; 1 finding suppressed {}", input.suppressed_by()),
        n => format!("; {n} findings suppressed {}", input.suppressed_by()),
    };
    match &input.subject {
        Subject::Environment {
            resolution: r,
            endpoint,
        } => {
            let sent: Vec<String> = r.headers.iter().map(|(n, h)| h.phrase(n)).collect();
            let sent = if sent.is_empty() {
                format!("nothing ({})", r.nothing_sent())
            } else {
                sent.join(", ")
            };
            writeln!(
                out,
                "::notice title=ccauth::{}",
                escape_data(&format!(
                    "Claude Code will send {sent} to {} ({}; provider {}, {} mode){suppressed}",
                    endpoint.shown,
                    endpoint.origin,
                    r.provider,
                    r.mode.id()
                ))
            )?;
        }
        Subject::Workflows { files, problems } => {
            let steps: usize = files.iter().map(|f| f.steps.len()).sum();
            writeln!(
                out,
                "::notice title=ccauth::{}",
                escape_data(&format!(
                    "Linted {} CI file(s): {steps} step(s) run Claude Code{suppressed}",
                    files.len()
                ))
            )?;
            for p in *problems {
                writeln!(
                    out,
                    "::error {}::{}",
                    properties(input, &p.location, "ccauth lint-workflows"),
                    escape_data(&format!("not linted: {}", p.message))
                )?;
            }
        }
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Note] {
        let of_level: Vec<&Finding> = input
            .findings()
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        for f in of_level.iter().take(MAX_PER_LEVEL) {
            writeln!(out, "{}", command(input, f))?;
        }
        if of_level.len() > MAX_PER_LEVEL {
            writeln!(
                out,
                "::{} title=ccauth::{}",
                workflow_level(severity),
                escape_data(&format!(
                    "{} more {}s not shown; see the step summary or run `ccauth {}`",
                    of_level.len() - MAX_PER_LEVEL,
                    severity.id(),
                    input.command()
                ))
            )?;
        }
    }
    Ok(())
}

/// A workflow command's properties: the location's `file`, `line` and `col` (when it is in a
/// file), then `title`.
fn properties(input: &RenderInput<'_>, location: &Location, title: &str) -> String {
    let mut props = Vec::new();
    if let Some((path, line, column)) = input.file_position(location) {
        props.push(format!("file={}", escape_property(&path)));
        props.extend(line.map(|l| format!("line={l}")));
        props.extend(column.map(|c| format!("col={c}")));
    }
    props.push(format!("title={}", escape_property(title)));
    props.join(",")
}

fn command(input: &RenderInput<'_>, f: &Finding) -> String {
    let props = properties(input, &f.location, &format!("ccauth {}", f.rule));
    let body = format!(
        "{} ({})\nhelp: {}\ndocs: {}",
        f.message,
        input.show_location(&f.location),
        f.help,
        f.docs
    );
    format!(
        "::{} {props}::{}",
        workflow_level(f.severity),
        escape_data(&body)
    )
}

/// The workflow command of a severity: `error`, `warning`, or `notice` for a note.
fn workflow_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    // Control characters from outside text become visible escapes first (a log viewer is a
    // terminal too); then the runner's own escaping.
    let visible: String = s
        .split_inclusive(['\r', '\n'])
        .map(|piece| {
            let body = piece.trim_end_matches(['\r', '\n']);
            format!("{}{}", super::printable(body), &piece[body.len()..])
        })
        .collect();
    visible
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn cell(s: &str) -> String {
    super::markdown_cell(s)
}

/// The markdown table appended to `$GITHUB_STEP_SUMMARY` (written by [`super::render`]).
pub(super) fn summary_table(input: &RenderInput<'_>) -> String {
    let mut md = format!("### ccauth {}\n\n", input.command());
    match &input.subject {
        Subject::Environment { resolution, .. } => {
            md.push_str("| header | source | origin | value |\n|---|---|---|---|\n");
            for (name, h) in resolution.headers.iter() {
                md.push_str(&format!(
                    "| `{name}` | `{}` | {} | {} |\n",
                    h.source(),
                    h.candidate.origin,
                    cell(&h.candidate.redacted())
                ));
            }
            if resolution.headers.is_empty() {
                md.push_str(&format!(
                    "| (none) | | | {} |\n",
                    cell(&resolution.nothing_sent())
                ));
            }
        }
        Subject::Workflows { files, .. } => {
            md.push_str("| step | location | sends |\n|---|---|---|\n");
            for step in files.iter().flat_map(|f| &f.steps) {
                let at = Location::at(&step.path, step.line, step.column);
                md.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&step.label),
                    cell(&input.show_location(&at)),
                    cell(&if step.sends.is_empty() {
                        "nothing".to_owned()
                    } else {
                        step.sends.join(", ")
                    })
                ));
            }
        }
    }
    if input.report.suppressed > 0 {
        md.push_str(&format!(
            "\n{} suppressed {}.\n",
            match input.report.suppressed {
                1 => "1 finding".to_owned(),
                n => format!("{n} findings"),
            },
            input.suppressed_by().replace("--ignore", "`--ignore`")
        ));
    }
    if input.findings().is_empty() {
        md.push_str("\nNo findings.\n\n");
        return md;
    }
    md.push_str("\n| severity | rule | message | location |\n|---|---|---|---|\n");
    for f in input.findings() {
        md.push_str(&format!(
            "| {} | [`{}`]({}) | {} | {} |\n",
            f.severity.id(),
            f.rule,
            f.docs,
            cell(&f.message),
            cell(&input.show_location(&f.location))
        ));
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_data("x\u{1b}[2Ky"), "x\\u{1b}[2Ky");
        assert_eq!(
            cell("<img src=x onerror=alert(1)> | `code` & \u{1b}"),
            "&lt;img src=x onerror=alert(1)&gt; \\| &#96;code&#96; &amp; \\\\u{1b}"
        );
        // Regression (issue 18): links and images passed into the step summary.
        assert_eq!(
            cell("![x](https://t.example/p.png) [y](https://e.example)"),
            "\\!\\[x\\](https://t.example/p.png) \\[y\\](https://e.example)"
        );
        assert_eq!(cell("a\u{2028}b\u{202e}c"), "a\\\\u{2028}b\\\\u{202e}c");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
    }
}
