//! The dialects `export-env` speaks: each turns a [`Plan`] into text, or refuses a value it cannot
//! carry. Nothing is written here; the command writes the whole text at once.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use serde_json::json;

use super::{Export, ExportError, Plan};
use crate::redact::redact;

/// `--format` values of `export-env`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `export NAME='…'` and `unset NAME` lines.
    Sh,
    /// `set -gx` and `set -e` lines.
    Fish,
    /// Masks on stdout, `NAME<<DELIMITER` blocks for the `$GITHUB_ENV` file.
    Github,
    /// Single-line `NAME=value` for a dotenv report.
    Gitlab,
    /// `NAME='value'` lines (see `check_value` for what is refused).
    Dotenv,
    /// One JSON document.
    Json,
}

/// What to write: `stdout`, and for `github` the text appended to the `$GITHUB_ENV` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emission {
    pub stdout: String,
    pub env_file: Option<String>,
}

/// GitLab's limit on a dotenv report (bytes).
pub const GITLAB_DOTENV_MAX_BYTES: usize = 5 * 1024;

/// Renders the plan in a dialect, or says which value it cannot carry (never showing it).
pub fn render(plan: &Plan, dialect: Dialect, reveal: bool) -> Result<Emission, ExportError> {
    for e in &plan.exports {
        if let Export::Set { name, value } = e {
            check_value(dialect, name, value)?;
        }
    }
    let stdout = |text: String| Emission {
        stdout: text,
        env_file: None,
    };
    Ok(match dialect {
        Dialect::Sh => stdout(lines(plan, sh_line)),
        Dialect::Fish => stdout(lines(plan, fish_line)),
        Dialect::Dotenv => stdout(lines(plan, dotenv_line)),
        Dialect::Gitlab => {
            let text = lines(plan, gitlab_line);
            if text.len() > GITLAB_DOTENV_MAX_BYTES {
                return Err(ExportError::Unrepresentable(format!(
                    "the GitLab dotenv report would be {} bytes; GitLab accepts at most {}",
                    text.len(),
                    GITLAB_DOTENV_MAX_BYTES
                )));
            }
            stdout(text)
        }
        Dialect::Github => Emission {
            stdout: masks(plan),
            env_file: Some(github_env(plan)),
        },
        Dialect::Json => stdout(json_doc(plan, reveal)),
    })
}

fn check_value(dialect: Dialect, name: &str, value: &str) -> Result<(), ExportError> {
    let refuse = |why: &str| {
        Err(ExportError::Unrepresentable(format!(
            "the value for {name} {why}, which --format {} cannot carry; nothing was written",
            dialect_id(dialect)
        )))
    };
    if value.contains('\0') {
        return refuse("contains a NUL character");
    }
    match dialect {
        Dialect::Gitlab | Dialect::Dotenv if value.contains(['\n', '\r']) => {
            refuse("contains a line break")
        }
        // The one form sh (`set -a; . file`), python-dotenv, node's dotenv and ccauth's own
        // --env-file read alike is NAME='value' with neither of these inside: python-dotenv
        // unescapes \\ and \' in single quotes, and no reader agrees on double quotes.
        Dialect::Dotenv if value.contains(['\'', '\\']) => {
            refuse("contains ' or \\ (sh, python-dotenv and node's dotenv read NAME='value' alike only without them; use --format sh or json)")
        }
        Dialect::Gitlab if value.starts_with(['"', '\'']) || value.ends_with(['"', '\'']) => {
            refuse("starts or ends with a quote (GitLab would strip it)")
        }
        Dialect::Gitlab if value.contains(" #") || value.contains("\t#") => {
            refuse("contains ' #' (read as a comment)")
        }
        _ => Ok(()),
    }
}

fn dialect_id(d: Dialect) -> &'static str {
    match d {
        Dialect::Sh => "sh",
        Dialect::Fish => "fish",
        Dialect::Github => "github",
        Dialect::Gitlab => "gitlab",
        Dialect::Dotenv => "dotenv",
        Dialect::Json => "json",
    }
}

fn lines(plan: &Plan, line: fn(&Export) -> String) -> String {
    plan.exports.iter().map(|e| line(e) + "\n").collect()
}

/// `export NAME='…'` (a `'` is closed, escaped and reopened) or `unset NAME`.
fn sh_line(e: &Export) -> String {
    match e {
        Export::Set { name, value } => format!("export {name}='{}'", value.replace('\'', r"'\''")),
        Export::Clear { name } => format!("unset {name}"),
    }
}

/// `set -gx NAME '…'` (fish single quotes escape only `\` and `'`) or `set -e NAME`.
fn fish_line(e: &Export) -> String {
    match e {
        Export::Set { name, value } => format!(
            "set -gx {name} '{}'",
            value.replace('\\', r"\\").replace('\'', r"\'")
        ),
        Export::Clear { name } => format!("set -e {name}"),
    }
}

/// `NAME='…'` (single quotes are literal), or double quotes with `\`, `"` and `$` escaped when
/// the value has a `'`; a cleared variable is empty (a dotenv file cannot unset).
fn dotenv_line(e: &Export) -> String {
    match e {
        // Values with ' or \ are refused before this (see `check_value`).
        Export::Set { name, value } => format!("{name}='{value}'"),
        Export::Clear { name } => format!("{name}="),
    }
}

/// `NAME=value`, unquoted (checked single-line); a cleared variable is empty.
fn gitlab_line(e: &Export) -> String {
    match e {
        Export::Set { name, value } => format!("{name}={value}"),
        Export::Clear { name } => format!("{name}="),
    }
}

/// `::add-mask::` for every line of every value set (the runner masks line by line).
fn masks(plan: &Plan) -> String {
    let mut out = String::new();
    for e in &plan.exports {
        let Export::Set { value, .. } = e else {
            continue;
        };
        for line in value.split(['\n', '\r']).filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("::add-mask::{}\n", escape_command_data(line)));
        }
    }
    out
}

/// Workflow command data escaping (`%`, CR, LF).
fn escape_command_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `NAME<<DELIMITER`, the value, `DELIMITER`, with a fresh random delimiter that occurs in no
/// value; a cleared variable is `NAME=` (empty is unset to Claude Code).
fn github_env(plan: &Plan) -> String {
    let values: Vec<&str> = plan
        .exports
        .iter()
        .filter_map(|e| match e {
            Export::Set { value, .. } => Some(value.as_str()),
            Export::Clear { .. } => None,
        })
        .collect();
    let delimiter = loop {
        let d = format!("ccauth_{:016x}{:016x}", random(), random());
        if !values.iter().any(|v| v.contains(&d)) {
            break d;
        }
    };
    let mut out = String::new();
    for e in &plan.exports {
        match e {
            Export::Set { name, value } => {
                out.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
            }
            Export::Clear { name } => out.push_str(&format!("{name}=\n")),
        }
    }
    out
}

/// 64 random bits: std's hasher keys come from the operating system's random source.
fn random() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(0);
    h.finish()
}

fn json_doc(plan: &Plan, reveal: bool) -> String {
    let mut set = serde_json::Map::new();
    let mut clear = Vec::new();
    for e in &plan.exports {
        match e {
            Export::Set { name, value } => {
                let shown = if reveal { value.clone() } else { redact(value) };
                set.insert((*name).to_owned(), shown.into());
            }
            Export::Clear { name } => clear.push(name.clone()),
        }
    }
    let doc = json!({
        "schema": 1,
        "kind": plan.kind.id(),
        "variable": plan.kind.variable(),
        "source": plan.kind.source(),
        "revealed": reveal,
        "set": set,
        "clear": clear,
    });
    format!("{doc:#}\n")
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    fn plan(value: &str) -> Plan {
        Plan {
            kind: Kind::ApiKey,
            exports: vec![
                Export::Set {
                    name: "ANTHROPIC_API_KEY",
                    value: value.into(),
                },
                Export::Clear {
                    name: "CLAUDE_CODE_OAUTH_TOKEN".into(),
                },
            ],
        }
    }

    #[test]
    fn quoting_table() {
        let cases = [
            (
                Dialect::Sh,
                "a'b",
                "export ANTHROPIC_API_KEY='a'\\''b'\nunset CLAUDE_CODE_OAUTH_TOKEN\n",
            ),
            (
                Dialect::Fish,
                "a'b\\c",
                "set -gx ANTHROPIC_API_KEY 'a\\'b\\\\c'\nset -e CLAUDE_CODE_OAUTH_TOKEN\n",
            ),
            (
                Dialect::Dotenv,
                "a$b",
                "ANTHROPIC_API_KEY='a$b'\nCLAUDE_CODE_OAUTH_TOKEN=\n",
            ),
            (
                Dialect::Dotenv,
                "a`id`\"#b",
                "ANTHROPIC_API_KEY='a`id`\"#b'\nCLAUDE_CODE_OAUTH_TOKEN=\n",
            ),
            (
                Dialect::Gitlab,
                "k-1",
                "ANTHROPIC_API_KEY=k-1\nCLAUDE_CODE_OAUTH_TOKEN=\n",
            ),
        ];
        for (dialect, value, want) in cases {
            let got = render(&plan(value), dialect, false).unwrap();
            assert_eq!(got.stdout, want, "{dialect:?} {value:?}");
            assert_eq!(got.env_file, None);
        }
    }

    #[test]
    fn refusals_name_the_variable_not_the_value() {
        let cases = [
            (Dialect::Sh, "a\0b"),
            (Dialect::Github, "a\0b"),
            (Dialect::Gitlab, "a\nb"),
            (Dialect::Dotenv, "a\rb"),
            (Dialect::Dotenv, "a'b"),
            (Dialect::Dotenv, "a\\b"),
            (Dialect::Gitlab, "'quoted"),
            (Dialect::Gitlab, "a #b"),
        ];
        for (dialect, value) in cases {
            let err = render(&plan(value), dialect, false).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("ANTHROPIC_API_KEY"), "{text}");
            assert!(!text.contains(value), "{text}");
        }
        let big = "x".repeat(GITLAB_DOTENV_MAX_BYTES);
        assert!(render(&plan(&big), Dialect::Gitlab, false).is_err());
        assert!(render(&plan("a\nb"), Dialect::Sh, false).is_ok());
    }

    #[test]
    fn github_masks_each_line_and_uses_a_fresh_delimiter() {
        let got = render(&plan("line1%\nline2"), Dialect::Github, false).unwrap();
        assert_eq!(got.stdout, "::add-mask::line1%25\n::add-mask::line2\n");
        let file = got.env_file.unwrap();
        let first = file.lines().next().unwrap();
        let delimiter = first.strip_prefix("ANTHROPIC_API_KEY<<").unwrap();
        assert!(delimiter.len() > 30, "{delimiter}");
        assert!(file.ends_with(&format!("{delimiter}\nCLAUDE_CODE_OAUTH_TOKEN=\n")));
        let again = render(&plan("x"), Dialect::Github, false).unwrap();
        assert!(!again.env_file.unwrap().contains(delimiter));
    }

    #[test]
    fn json_redacts_unless_revealed() {
        let value = "sk-ant-api03-FAKEjsonvalue000001";
        let hidden = render(&plan(value), Dialect::Json, false).unwrap().stdout;
        assert!(!hidden.contains(value), "{hidden}");
        let doc: serde_json::Value = serde_json::from_str(&hidden).unwrap();
        assert_eq!(doc["clear"][0], "CLAUDE_CODE_OAUTH_TOKEN");
        assert_eq!(doc["source"], "ANTHROPIC_API_KEY");
        let shown = render(&plan(value), Dialect::Json, true).unwrap().stdout;
        assert!(shown.contains(value));
    }
}
