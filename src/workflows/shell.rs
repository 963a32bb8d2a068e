//! Reading a `run:` or `script:` block the way a shell would split it, enough to see what matters
//! to auth: which commands run Claude Code (and with which flags), which variables the script
//! exports or unsets before that, and which `$GITHUB_ENV` lines it writes. Words come from a
//! shell-word parser (`shlex`); nothing is ever executed.

use super::value::Value;

/// What one line of a script does that the model cares about, with its 0-based line in the
/// script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `export NAME=VALUE` (or `NAME=VALUE` before a command, for that command only).
    Set { name: String, value: Value },
    /// `unset NAME`, `export NAME=` with nothing, or `env -u NAME`.
    Unset { name: String },
    /// `echo "NAME=VALUE" >> "$GITHUB_ENV"`: later steps get the variable.
    GithubEnv { name: String, value: Value },
    /// A command that runs Claude Code: its arguments after the program, and the variables set
    /// for it alone.
    Claude {
        args: Vec<String>,
        only_for_it: Vec<(String, Value)>,
    },
}

/// An event and where it is: the script line (0-based) and the column (1-based) of the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub event: Event,
}

/// How many physical lines one logical line may gather (an unterminated quote otherwise swallows
/// the rest of the script).
const MAX_JOINED_LINES: usize = 200;

/// The events of a script, in order.
pub fn events(script: &str) -> Vec<Located> {
    let mut out = Vec::new();
    let script = compact_expressions(script);
    for (line, column, text) in logical_lines(&script) {
        let Some(words) = shlex::split(&text) else {
            continue;
        };
        for command in split_commands(words) {
            if let Some(event) = read_command(command) {
                out.push(Located {
                    line,
                    column,
                    event,
                });
            }
        }
    }
    out
}

/// GitHub expressions without their inner spaces (`${{ secrets.KEY }}` → `${{secrets.KEY}}`),
/// so each stays one shell word, as it is once GitHub has substituted it.
fn compact_expressions(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let expr = &rest[start..start + len + 2];
        out.extend(expr.chars().filter(|c| *c != ' ' && *c != '\t'));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Joins continuation lines (`\` at the end, or an open quote) and skips here-document bodies and
/// comments. Returns `(first line, column of the first word, text)`.
fn logical_lines(script: &str) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let mut text = String::new();
        loop {
            let line = lines[i];
            match line.strip_suffix('\\') {
                Some(head) => {
                    text.push_str(head);
                    text.push(' ');
                }
                None => {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            i += 1;
            // A here-document's body follows the line that opens it, before anything the line
            // leaves open (`X="$(python3 - <<'PY'` closes its quote on the line after `PY`):
            // skipped here, so the body is never read as commands nor joined into the line.
            for marker in heredoc_markers(line) {
                while i < lines.len() && lines[i].trim() != marker {
                    i += 1;
                }
                i += 1;
            }
            let open = line.ends_with('\\') || shlex::split(&text).is_none();
            if !open || i >= lines.len() || i - start >= MAX_JOINED_LINES {
                break;
            }
        }
        let column = lines[start].len() - lines[start].trim_start().len() + 1;
        if !text.trim().is_empty() {
            out.push((start, column, text));
        }
    }
    out
}

/// The end markers of here-documents opened on a line (`<<EOF`, `<<-'EOF'`, `<< "EOF"`).
fn heredoc_markers(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("<<") {
        let after = &rest[at + 2..];
        if after.starts_with('<') {
            // `<<<` is a here-string.
            rest = after.trim_start_matches('<');
            continue;
        }
        let word = after.trim_start_matches('-').trim_start();
        let marker: String = word
            .trim_start_matches(['\'', '"'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !marker.is_empty() {
            out.push(marker);
        }
        rest = after;
    }
    out
}

/// Splits words at `;`, `&&`, `||`, `|` and `&` (as separate words or stuck to the end of one).
fn split_commands(words: Vec<String>) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    for word in words {
        if matches!(
            word.as_str(),
            ";" | "&&" | "||" | "|" | "&" | "(" | ")" | "{" | "}"
        ) {
            out.push(Vec::new());
            continue;
        }
        // (`;` alone was handled above, so `head` is never empty.)
        match word.strip_suffix(';') {
            Some(head) => {
                if let Some(last) = out.last_mut() {
                    last.push(head.to_owned());
                }
                out.push(Vec::new());
            }
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push(word);
                }
            }
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// Shell keywords that may come before a command in a list.
const KEYWORDS: &[&str] = &["then", "else", "do", "if", "while", "until", "!", "elif"];

/// Programs that run the rest of their arguments as a command.
const WRAPPERS: &[&str] = &["sudo", "exec", "time", "nohup", "command", "xargs"];

fn read_command(mut words: Vec<String>) -> Option<Event> {
    while words
        .first()
        .is_some_and(|w| KEYWORDS.contains(&w.as_str()))
    {
        words.remove(0);
    }
    let first = words.first()?.clone();
    match first.as_str() {
        "export" | "declare" | "typeset" => return exported(&words[1..]),
        "unset" => {
            let name = words.iter().skip(1).find(|w| !w.starts_with('-'))?;
            return Some(Event::Unset { name: name.clone() });
        }
        "echo" | "printf" => return github_env(&words),
        _ => {}
    }
    let mut only_for_it = Vec::new();
    let mut rest = words.as_slice();
    loop {
        let word = rest.first()?;
        if let Some((name, value)) = assignment(word) {
            only_for_it.push((name.to_owned(), Value::shell(value)));
            rest = &rest[1..];
        } else if WRAPPERS.contains(&word.as_str()) {
            rest = skip_options(&rest[1..]);
        } else if word == "timeout" {
            // `timeout [options] DURATION command…`
            rest = skip_options(&rest[1..]);
            rest = rest.get(1..).unwrap_or(&[]);
        } else if word == "env" {
            rest = &rest[1..];
            while let Some(w) = rest.first() {
                if w == "-u" || w == "--unset" {
                    if let Some(name) = rest.get(1) {
                        only_for_it.push((name.clone(), Value::Literal(String::new())));
                    }
                    rest = rest.get(2..).unwrap_or(&[]);
                } else if w.starts_with('-') {
                    rest = &rest[1..];
                } else {
                    break;
                }
            }
        } else {
            break;
        }
    }
    let (program, args) = rest.split_first()?;
    let args = claude_args(program, args)?;
    Some(Event::Claude { args, only_for_it })
}

/// Skips a wrapper's options (`sudo -E -u runner`): words starting with `-`, and the value of
/// `-u`.
fn skip_options(words: &[String]) -> &[String] {
    let mut rest = words;
    while let Some(w) = rest.first() {
        if w == "-u" || w == "-g" {
            rest = rest.get(2..).unwrap_or(&[]);
        } else if w.starts_with('-') {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    rest
}

/// `NAME=VALUE` with a valid variable name.
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// The Claude Code package on npm.
const PACKAGE: &str = "@anthropic-ai/claude-code";

/// Subcommands that never send a model request (so need no credential); Claude Code takes them
/// as its first argument.
const NO_REQUEST: &[&str] = &[
    "mcp",
    "config",
    "update",
    "install",
    "doctor",
    "setup-token",
    "migrate-installer",
    "plugin",
];

/// Flags that print something and exit, wherever they are.
const PRINT_AND_EXIT: &[&str] = &["--version", "-v", "--help", "-h"];

/// When `program args…` runs Claude Code for a model request, its arguments.
fn claude_args(program: &str, args: &[String]) -> Option<Vec<String>> {
    let base = program.rsplit('/').next().unwrap_or(program);
    let args: &[String] = match base {
        "claude" => args,
        // `npx -y @anthropic-ai/claude-code@2 -p …`, `bunx`, `pnpm dlx`, `yarn dlx`, `npm exec --`.
        "npx" | "bunx" | "pnpx" | "pnpm" | "yarn" | "npm" => {
            let at = args.iter().position(|a| is_package(a))?;
            let before_ok = args[..at]
                .iter()
                .all(|a| a.starts_with('-') || matches!(a.as_str(), "dlx" | "exec" | "x" | "--"));
            if !before_ok {
                return None;
            }
            let rest = &args[at + 1..];
            rest.strip_prefix(&["--".to_owned()][..]).unwrap_or(rest)
        }
        _ => return None,
    };
    let subcommand = args
        .first()
        .is_some_and(|a| NO_REQUEST.contains(&a.as_str()));
    let exits = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| PRINT_AND_EXIT.contains(&a.as_str()));
    (!subcommand && !exits).then(|| args.to_vec())
}

fn is_package(word: &str) -> bool {
    word == PACKAGE
        || word
            .strip_prefix(PACKAGE)
            .is_some_and(|v| v.starts_with('@'))
}

/// `export NAME=VALUE …`: the first assignment (or `export NAME` of nothing, which changes
/// nothing we model).
fn exported(words: &[String]) -> Option<Event> {
    let word = words.iter().find(|w| !w.starts_with('-'))?;
    let (name, value) = assignment(word)?;
    Some(if value.is_empty() {
        Event::Unset {
            name: name.to_owned(),
        }
    } else {
        Event::Set {
            name: name.to_owned(),
            value: Value::shell(value),
        }
    })
}

/// `echo "NAME=VALUE" >> "$GITHUB_ENV"` (also `>>$GITHUB_ENV`, `${GITHUB_ENV}`, `printf`).
fn github_env(words: &[String]) -> Option<Event> {
    let target = words.iter().enumerate().find_map(|(i, w)| {
        let file = match w.strip_prefix(">>") {
            Some("") => words.get(i + 1).map(String::as_str),
            Some(file) => Some(file),
            None => None,
        }?;
        matches!(file, "$GITHUB_ENV" | "${GITHUB_ENV}").then_some(i)
    })?;
    let line = words[1..target].iter().find(|w| !w.starts_with('-'))?;
    let line = line.strip_suffix("\\n").unwrap_or(line);
    let (name, value) = assignment(line)?;
    // GitHub substituted `${{ }}` before the shell ran; `$VAR` is the shell's.
    Some(Event::GithubEnv {
        name: name.to_owned(),
        value: Value::shell(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claude(script: &str) -> Vec<Vec<String>> {
        events(script)
            .into_iter()
            .filter_map(|e| match e.event {
                Event::Claude { args, .. } => Some(args),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_claude_commands() {
        let cases: &[(&str, &[&[&str]])] = &[
            ("claude -p hi", &[&["-p", "hi"]]),
            (
                "npx -y @anthropic-ai/claude-code@2.1.0 --bare -p x",
                &[&["--bare", "-p", "x"]],
            ),
            (
                "cd app && claude --print \"review it\" | tee out",
                &[&["--print", "review it"]],
            ),
            ("ANTHROPIC_API_KEY= claude -p x", &[&["-p", "x"]]),
            ("timeout 600 claude -p x", &[&["-p", "x"]]),
            (
                "sudo -E -u runner /usr/local/bin/claude -p x",
                &[&["-p", "x"]],
            ),
            ("npm install -g @anthropic-ai/claude-code", &[]),
            ("claude --version", &[]),
            ("claude mcp add x", &[]),
            ("claude -p update", &[&["-p", "update"]]),
            ("claude -p x --help", &[]),
            ("claude -p -- --version", &[&["-p", "--", "--version"]]),
            ("1X=y claude -p x", &[]),
            ("A.B=y claude -p x", &[]),
            ("=y claude -p x", &[]),
            ("claude -p \"never closed", &[]),
            (
                "cat <<END_PROMPT\nclaude -p a\nclaude -p b\nEND_PROMPT\nclaude -p c",
                &[&["-p", "c"]],
            ),
            (
                "cat <<-claude\n\tbody\n\tclaude\nclaude -p d",
                &[&["-p", "d"]],
            ),
            ("cat <<EOF\nclaude -p never-ends", &[]),
            ("echo claude -p x", &[]),
            ("# claude -p x", &[]),
            ("cat <<EOF\nclaude -p x\nEOF\nclaude -p y", &[&["-p", "y"]]),
            // A here-document inside `$( … )` in a quoted assignment: the quote closes after the
            // body, and the claude call after it is read (seen in public workflows).
            (
                "PROMPT=\"$(python3 - <<'PY'\nprint('claude -p inside')\nPY\n)\"\nclaude -p after",
                &[&["-p", "after"]],
            ),
            (
                "claude -p \"line one\nline two\"",
                &[&["-p", "line one\nline two"]],
            ),
            ("claude \\\n  --bare \\\n  -p x", &[&["--bare", "-p", "x"]]),
            ("if true; then claude -p x; fi", &[&["-p", "x"]]),
            ("pnpm dlx @anthropic-ai/claude-code -p x", &[&["-p", "x"]]),
            (
                "KEY=${{ secrets.K }} claude -p \"${{ inputs.prompt }}\"",
                &[&["-p", "${{inputs.prompt}}"]],
            ),
        ];
        for (script, want) in cases {
            let want: Vec<Vec<String>> = want
                .iter()
                .map(|a| a.iter().map(|s| (*s).to_owned()).collect())
                .collect();
            assert_eq!(claude(script), want, "{script:?}");
        }
    }

    #[test]
    fn reads_exports_unsets_and_github_env() {
        let ev: Vec<Event> = events(
            "export ANTHROPIC_API_KEY=\"$KEY\"\nunset ANTHROPIC_API_KEY\necho \"CLAUDE_CODE_OAUTH_TOKEN=${{ secrets.T }}\" >> \"$GITHUB_ENV\"\necho 'ANTHROPIC_API_KEY=' >>$GITHUB_ENV\nenv -u ANTHROPIC_API_KEY claude -p x\n",
        )
        .into_iter()
        .map(|l| l.event)
        .collect();
        assert_eq!(
            ev,
            vec![
                Event::Set {
                    name: "ANTHROPIC_API_KEY".into(),
                    value: Value::Secret("KEY".into())
                },
                Event::Unset {
                    name: "ANTHROPIC_API_KEY".into()
                },
                Event::GithubEnv {
                    name: "CLAUDE_CODE_OAUTH_TOKEN".into(),
                    value: Value::Secret("T".into())
                },
                Event::GithubEnv {
                    name: "ANTHROPIC_API_KEY".into(),
                    value: Value::Literal(String::new())
                },
                Event::Claude {
                    args: vec!["-p".into(), "x".into()],
                    only_for_it: vec![("ANTHROPIC_API_KEY".into(), Value::Literal(String::new()))]
                },
            ]
        );
        let located = events("\n  claude -p x\n");
        assert_eq!((located[0].line, located[0].column), (1, 3));
        // An unterminated quote joins at most MAX_JOINED_LINES lines; the script after is read.
        let mut long = String::from("echo \"open\n");
        long.push_str(&"filler\n".repeat(MAX_JOINED_LINES + 10));
        long.push_str("claude -p after\n");
        let found = events(&long);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, MAX_JOINED_LINES + 11);
    }
}
