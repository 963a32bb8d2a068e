//! `invalid-input-file`: a settings, dotenv or credentials file that cannot be read or parsed.

use crate::claude::Location;
use crate::claude::Problem;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    InvalidInputFile,
    "invalid-input-file",
    Severity::Error,
    "A settings, env or credentials file cannot be read or parsed, so Claude Code ignores it or fails.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for p in &cx.snapshot.problems {
        out.push(META.finding(p.location.clone(), p.message.clone(), help(p)));
    }
}

/// Advice for the kind of input that failed: a `--settings` argument, a JSON file, an env file,
/// or a file that is not one ccauth reads at all.
fn help(p: &Problem) -> &'static str {
    let m = &p.message;
    match &p.location {
        Location::CommandLine { argument } if argument == "--settings" => {
            if m.contains("does not exist") {
                "Create the file, or fix the path: --settings is read relative to the project \
                 directory, as claude reads it."
            } else {
                "Give --settings a .json file or inline JSON starting with '{', quoted for the \
                 shell (--settings '{\"env\": {}}'); check it with `printf '%s' '…' | jq .`."
            }
        }
        _ if m.contains("not a regular file") || m.contains("byte limit") => {
            "Replace it with a regular file under 1 MiB, or remove it; ccauth and Claude Code \
             read settings and env files only."
        }
        Location::File { path, .. } if path.extension().is_some_and(|e| e == "json") => {
            "Fix the JSON at the position given (`jq . FILE` shows the context); every other \
             input was still linted."
        }
        Location::File { .. } => {
            "Each line of an env file is NAME=value (optionally with `export`, quotes, or a \
             NAME<<EOF heredoc); fix the line given. Every other input was still linted."
        }
        _ => "Fix the input named; every other input was still linted.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_input_gets_its_own_advice() {
        let at = |path: &str| Location::at(path, 1, 1);
        let cli = Location::CommandLine {
            argument: "--settings".into(),
        };
        let table = [
            (
                cli.clone(),
                "--settings names x.json, which does not exist",
                "Create the file",
            ),
            (
                cli,
                "--settings (inline JSON) is not valid JSON",
                "quoted for the",
            ),
            (
                at("/p/.claude/settings.json"),
                "is not valid JSON",
                "jq . FILE",
            ),
            (at("/p/ci.env"), "line 3: expected NAME=value", "NAME=value"),
            (
                at("/p/fifo.json"),
                "is a FIFO, not a regular file",
                "regular file",
            ),
            (
                Location::CommandLine {
                    argument: "--env-file".into(),
                },
                "cannot read",
                "Fix the input named",
            ),
        ];
        for (location, message, want) in table {
            let p = Problem {
                location,
                message: message.into(),
            };
            assert!(help(&p).contains(want), "{message}: {}", help(&p));
        }
    }
}
