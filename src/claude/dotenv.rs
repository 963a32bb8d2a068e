//! A dotenv reader for `--env-file`: `KEY=value`, `export KEY=value`, quotes, comments, and
//! GitHub's `KEY<<DELIM` heredoc form (so a `$GITHUB_ENV` file can be linted as is).
//!
//! Written here rather than taken from a crate because linting needs what such crates do not
//! give: no `$VAR` substitution from the real environment, a line and column for every error,
//! errors that never echo the line (it may hold a secret), and parsing that goes on after one.

/// One assignment read from a dotenv file (its `Debug` redacts the value).
#[derive(Clone, PartialEq, Eq)]
pub struct DotenvEntry {
    pub key: String,
    pub value: String,
    /// 1-based line of the key.
    pub line: u32,
}

impl std::fmt::Debug for DotenvEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DotenvEntry")
            .field("key", &self.key)
            .field("value", &crate::redact::Redacted(&self.value))
            .field("line", &self.line)
            .finish()
    }
}

/// A line that does not parse; it is skipped and parsing goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotenvError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Parses dotenv text into entries and per-line errors.
pub fn parse(text: &str) -> (Vec<DotenvEntry>, Vec<DotenvError>) {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match parse_at(&lines, i) {
            Ok((entry, next)) => {
                if let Some((key, value)) = entry {
                    entries.push(DotenvEntry {
                        key,
                        value,
                        line: line_no,
                    });
                }
                i = next;
            }
            Err((column, message)) => {
                errors.push(DotenvError {
                    line: line_no,
                    column,
                    message,
                });
                i += 1;
            }
        }
    }
    (entries, errors)
}

type Parsed = (Option<(String, String)>, usize);
type Failure = (u32, String);

fn col(n: usize) -> u32 {
    u32::try_from(n + 1).unwrap_or(u32::MAX)
}

/// Parses the logical entry starting at `lines[i]`; returns it and the index of the next line.
fn parse_at(lines: &[&str], i: usize) -> Result<Parsed, Failure> {
    let line = lines[i];
    let body = line.trim_start();
    let indent = line.len() - body.len();
    if body.is_empty() || body.starts_with('#') {
        return Ok((None, i + 1));
    }
    let (body, indent) = match body.strip_prefix("export ") {
        Some(rest) => (rest.trim_start(), line.len() - rest.trim_start().len()),
        None => (body, indent),
    };
    let key_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let key = &body[..key_len];
    if key.is_empty() || key.starts_with(|c: char| c.is_ascii_digit()) {
        return Err((
            col(indent),
            "expected a variable name (letters, digits, _)".into(),
        ));
    }
    let after_key = &body[key_len..];
    if let Some(delim) = after_key.strip_prefix("<<") {
        return parse_heredoc(lines, i, key, delim.trim());
    }
    let after_ws = after_key.trim_start();
    let Some(value_text) = after_ws.strip_prefix('=') else {
        let at = indent + key_len + (after_key.len() - after_ws.len());
        // The "name" is not echoed: a line without '=' is often a pasted secret.
        return Err((col(at), "expected '=' after the variable name".into()));
    };
    let value_col = line.len() - value_text.len();
    let value_text = value_text.trim_start();
    match value_text.chars().next() {
        Some(q @ ('"' | '\'')) => parse_quoted(lines, i, key, q, &value_text[1..], value_col),
        _ => Ok((Some((key.to_owned(), unquoted(value_text))), i + 1)),
    }
}

/// An unquoted value ends at ` #` (a comment) and is trimmed, as dotenv tools do.
fn unquoted(text: &str) -> String {
    let end = text
        .find(" #")
        .or_else(|| text.find("\t#"))
        .unwrap_or(text.len());
    text[..end].trim().to_owned()
}

fn parse_quoted(
    lines: &[&str],
    start: usize,
    key: &str,
    quote: char,
    first: &str,
    value_col: usize,
) -> Result<Parsed, Failure> {
    let mut value = String::new();
    let mut chunk = first;
    let mut idx = start;
    loop {
        let mut chars = chunk.char_indices();
        while let Some((pos, c)) = chars.next() {
            if c == quote {
                let trailer = chunk[pos + 1..].trim();
                if !(trailer.is_empty() || trailer.starts_with('#')) {
                    return Err((
                        col(value_col),
                        format!("unexpected text after the closing quote of {key}"),
                    ));
                }
                return Ok((Some((key.to_owned(), value)), idx + 1));
            }
            if c == '\\' && quote == '"' {
                match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some('r') => value.push('\r'),
                    Some('t') => value.push('\t'),
                    Some(other) => value.push(other),
                    None => value.push('\\'),
                }
                continue;
            }
            value.push(c);
        }
        idx += 1;
        if idx >= lines.len() {
            return Err((
                col(value_col),
                format!("unterminated {quote} quote in the value of {key}"),
            ));
        }
        value.push('\n');
        chunk = lines[idx];
    }
}

fn parse_heredoc(lines: &[&str], start: usize, key: &str, delim: &str) -> Result<Parsed, Failure> {
    if delim.is_empty() {
        return Err((
            col(key.len() + 2),
            format!("missing delimiter after {key}<<"),
        ));
    }
    let end = lines[start + 1..]
        .iter()
        .position(|l| *l == delim)
        .ok_or_else(|| {
            (
                1,
                // The delimiter is not echoed: it is often the value, pasted in the wrong form.
                format!("{key}<<…: the closing delimiter line is missing"),
            )
        })?;
    let value = lines[start + 1..start + 1 + end].join("\n");
    Ok((Some((key.to_owned(), value)), start + end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(text: &str) -> Vec<(String, String)> {
        let (entries, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        entries.into_iter().map(|e| (e.key, e.value)).collect()
    }

    #[test]
    fn parses_common_forms() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("A=1", &[("A", "1")]),
            ("export A=1", &[("A", "1")]),
            ("A = spaced  ", &[("A", "spaced")]),
            ("A=x # comment", &[("A", "x")]),
            ("A=x#y", &[("A", "x#y")]),
            ("A='lit $X \\n'", &[("A", "lit $X \\n")]),
            ("A=\"esc\\n\"", &[("A", "esc\n")]),
            ("A=\"  padded  \"", &[("A", "  padded  ")]),
            ("A=\"two\nlines\"", &[("A", "two\nlines")]),
            ("# c\n\nA=1\r\nB=", &[("A", "1"), ("B", "")]),
            ("A<<EOF\nx\ny\nEOF\nB=2", &[("A", "x\ny"), ("B", "2")]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(kv(text), want, "{text:?}");
        }
    }

    #[test]
    fn error_positions_table() {
        // (text, line, column) of the first error; columns are 1-based and count indentation
        // and an `export ` prefix.
        let cases = [
            ("1BAD=x", 1, 1),
            ("   1BAD=x", 1, 4),
            ("export 1BAD=x", 1, 8),
            ("export   1BAD=x", 1, 10),
            ("A x", 1, 3),
            ("  AB  x", 1, 7),
            ("export AB x", 1, 11),
            ("A=\"x\" tail", 1, 3),
            ("  A = 'x' tail", 1, 6),
            ("A=\"open", 1, 3),
            ("OK=1\nA<<", 2, 4),
            ("ABC<<", 1, 6),
            ("A<<EOF\nx", 1, 1),
            ("OK=1\n\n  # c\n9=1", 4, 1),
        ];
        for (text, line, column) in cases {
            let (_, errors) = parse(text);
            let first = errors
                .first()
                .unwrap_or_else(|| panic!("no error for {text:?}"));
            assert_eq!((first.line, first.column), (line, column), "{text:?}");
        }
    }

    #[test]
    fn reports_errors_with_position_and_goes_on() {
        let (entries, errors) = parse("A=1\nnot a line\nB=\"open\n=x\nC=3");
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["A", "C"]);
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        // line 3 opens a quote that never closes; lines 4 and 5 are then read on their own.
        assert_eq!(lines, vec![2, 3, 4]);
        assert_eq!(errors[0].column, 5);
        let (entries, _) = parse("A=1\nnot a line\nC=3");
        assert_eq!(
            entries.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![1, 3]
        );
    }

    #[test]
    fn errors_never_echo_the_value() {
        let (_, errors) = parse("TOKEN=\"sk-ant-secret-value\nsk-ant-secret-pasted alone");
        assert_eq!(errors.len(), 2);
        assert!(
            errors.iter().all(|e| !e.message.contains("secret")),
            "{errors:?}"
        );
    }
}
