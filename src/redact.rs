//! Redaction of secret values for every diagnostic ccauth prints.
//!
//! A redacted value keeps a known `sk-ant-…` prefix (it says what kind of credential it is)
//! and the last four characters (enough to tell two secrets apart), never more.

use std::sync::Mutex;

use crate::prefix::KNOWN_PREFIXES;

/// Values shorter than this are not remembered: they would match ordinary words.
const MIN_REMEMBERED_CHARS: usize = 8;

/// Every credential value this run has seen (environment, settings files, helper output, the
/// token endpoint), longest first, so [`scrub`] removes them by value whatever their prefix.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers a credential value: from now on [`scrub`] replaces it in any text by its redacted
/// form. Call it where a secret enters the process.
pub fn remember(value: &str) {
    let value = value.trim();
    if value.chars().count() < MIN_REMEMBERED_CHARS {
        return;
    }
    let Ok(mut seen) = SEEN.lock() else { return };
    if !seen.iter().any(|v| v == value) {
        seen.push(value.to_owned());
        // Longest first: a value that contains another is replaced whole.
        seen.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }
}

/// `eprintln!` through [`scrub`], then [`crate::text::for_log`]: the one way a diagnostic line
/// reaches stderr.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!(
            "{}",
            $crate::text::for_log(&$crate::redact::scrub(&format!($($arg)*)))
        )
    };
}

/// A writer that scrubs what passes through it (each `write` call is one formatted piece, so a
/// value written as one argument is scrubbed whole).
pub struct Scrubbing<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for Scrubbing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(scrub(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// A secret in a `Debug` impl: shown redacted, so `{:?}` of a secret-holding type (in a panic,
/// a log, a failed assertion) never prints the value.
pub struct Redacted<'a>(pub &'a str);

impl std::fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", redact(self.0))
    }
}

/// The fewest characters a value must have past its prefix before its last four are shown.
const MIN_LEN_FOR_TAIL: usize = 12;

/// Redacts one secret value: `sk-ant-oat01-…3xQa`, `…9f2c`, or `…` for short values.
pub fn redact(value: &str) -> String {
    let value = value.trim();
    let prefix = KNOWN_PREFIXES
        .iter()
        .find(|p| value.starts_with(**p))
        .copied()
        .unwrap_or("");
    let rest = &value[prefix.len()..];
    let chars: Vec<char> = rest.chars().collect();
    let tail_is_plain = chars
        .iter()
        .rev()
        .take(4)
        .all(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_');
    if chars.len() >= MIN_LEN_FOR_TAIL && tail_is_plain {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{prefix}…{tail}")
    } else {
        format!("{prefix}…")
    }
}

/// Replaces every remembered credential value, and every `sk-ant-…` token, inside free text by
/// its redacted form.
///
/// This is the last line of defence: renderers pass every message through it, so a value that
/// slipped into a message (a helper command line, a parse error) still never reaches output.
///
/// Scrub raw text, before any escaping or cutting: an escaped (`\"`, `%25`) or cut echo no
/// longer matches the value. Even so, any run of [`MIN_PARTIAL_CHARS`] or more characters of a
/// remembered value is removed, so a server echoing the first or a middle part of a key, or an
/// echo cut by someone else, shows none of it.
pub fn scrub(text: &str) -> String {
    let mut out = scrub_prefixed(text);
    if let Ok(seen) = SEEN.lock() {
        for value in seen.iter() {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), &redact(value));
            }
        }
        out = scrub_partial(&out, &seen);
    }
    out
}

/// The parts of a remembered value that have a secret's shape (at least 16 characters between
/// separators, letters and digits both), with their byte offsets: a header block's names
/// (`Authorization`) and words (`Bearer`) are not secrets, and their windows would match prose.
fn secret_parts(value: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_sep = |c: char| c.is_whitespace() || matches!(c, ':' | ',' | ';' | '=' | '"' | '\'');
    let mut parts = Vec::new();
    let mut start = None;
    for (i, c) in value
        .char_indices()
        .chain(std::iter::once((value.len(), ' ')))
    {
        match (is_sep(c), start) {
            (true, Some(s)) => {
                parts.push((s, &value[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    parts.into_iter().filter(|(_, p)| {
        p.len() >= 16 && p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(char::is_alphabetic)
    })
}

/// True when a free-standing word (a command-line argument) has a secret's shape: a known
/// `sk-ant-` prefix, or at least 16 characters with letters and digits both. Names (`CLAUDE_CODE_OAUTH_TOKE`, `lint-evn`, `api-key-shadows-oaut`)
/// do not, so a typo's message can show them and clap's suggestion.
pub fn looks_like_secret(word: &str) -> bool {
    let word = word.trim();
    let n = word.chars().count();
    KNOWN_PREFIXES.iter().any(|p| word.starts_with(p))
        || word.starts_with("sk-ant-")
        || (n >= 16
            && word.chars().any(|c| c.is_ascii_digit())
            && word.chars().any(char::is_alphabetic))
}

/// The shortest piece of a remembered secret [`scrub`] removes when it appears on its own.
pub const MIN_PARTIAL_CHARS: usize = 12;

/// Replaces every run of at least [`MIN_PARTIAL_CHARS`] bytes that also occurs in one of `seen`
/// (past its public `sk-ant-…` prefix) by `…`.
fn scrub_partial(text: &str, seen: &[String]) -> String {
    let bytes = text.as_bytes();
    if bytes.len() < MIN_PARTIAL_CHARS || seen.is_empty() {
        return text.to_owned();
    }
    let mut windows: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
    for value in seen {
        let public = KNOWN_PREFIXES
            .iter()
            .find(|p| value.starts_with(**p))
            .map_or(0, |p| p.len());
        for (offset, part) in secret_parts(value) {
            let v = part.as_bytes();
            for start in 0..v.len().saturating_sub(MIN_PARTIAL_CHARS - 1) {
                // A window inside the prefix is the public name of a kind of key, not a secret.
                if offset + start + MIN_PARTIAL_CHARS > public {
                    windows.insert(&v[start..start + MIN_PARTIAL_CHARS]);
                }
            }
        }
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for at in 0..=bytes.len() - MIN_PARTIAL_CHARS {
        if !windows.contains(&bytes[at..at + MIN_PARTIAL_CHARS]) {
            continue;
        }
        let end = at + MIN_PARTIAL_CHARS;
        match ranges.last_mut() {
            Some(last) if at <= last.1 => last.1 = last.1.max(end),
            _ => ranges.push((at, end)),
        }
    }
    if ranges.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in ranges {
        // Widened to whole characters: a window may cut a multi-byte one.
        let start = (0..=start)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0)
            .max(from);
        let end = (end..=text.len())
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(text.len());
        if start < from {
            continue;
        }
        out.push_str(&text[from..start]);
        out.push('…');
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

/// The `sk-ant-` pass of [`scrub`].
fn scrub_prefixed(text: &str) -> String {
    const MARK: &str = "sk-ant-";
    if !text.contains(MARK) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let token_len = rest[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len() - start);
        let token = &rest[start..start + token_len];
        let after = &rest[start + token_len..];
        // A bare prefix or the start of one: ccauth's own prose ("a known sk-ant- prefix", "an
        // OAuth token (sk-ant-oat…)") or an already redacted value (`sk-ant-api03-…abcd`, whose
        // token stops at the prefix). Nothing else stops the
        // scrubber: an ellipsis after a longer token is a cut, not a redaction.
        let bare_prefix = KNOWN_PREFIXES.iter().any(|p| p.starts_with(token));
        if bare_prefix {
            out.push_str(token);
        } else {
            out.push_str(&redact(token));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_known_and_unknown_values() {
        let oat = format!("sk-ant-oat01-{}3xQa", "A".repeat(90));
        let cases: &[(&str, &str)] = &[
            (&oat, "sk-ant-oat01-…3xQa"),
            ("sk-ant-api03-short", "sk-ant-api03-…"),
            ("plain-gateway-token-abcd1234", "…1234"),
            ("tiny", "…"),
            ("  padded-value-with-tail-zz99 \n", "…zz99"),
            ("", "…"),
            ("value with odd tail\u{7}\u{7}\u{7}\u{7}xx", "…"),
        ];
        for (input, want) in cases {
            assert_eq!(redact(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn scrub_removes_remembered_values_whatever_their_prefix() {
        remember("ghp_FAKErememberedvalue0001");
        remember("short");
        let out = scrub("token ghp_FAKErememberedvalue0001 and short words");
        assert_eq!(out, "token …0001 and short words");
        assert_eq!(scrub(&out), out, "idempotent");
    }

    #[test]
    fn scrub_replaces_tokens_inside_text() {
        let key = format!("sk-ant-api03-{}WXYZ", "q".repeat(40));
        let text = format!("helper: echo {key}; done");
        let out = scrub(&text);
        assert_eq!(out, "helper: echo sk-ant-api03-…WXYZ; done");
        assert!(!out.contains(&"q".repeat(8)));
        assert_eq!(scrub("nothing here"), "nothing here");
        assert_eq!(scrub(&out), out, "scrubbing is idempotent");
        assert_eq!(scrub("ends sk-ant-"), "ends sk-ant-");
        assert_eq!(
            scrub("a known sk-ant- prefix, like sk-ant-api03- keys"),
            "a known sk-ant- prefix, like sk-ant-api03- keys"
        );
        assert_eq!(scrub("x sk-ant-api03-A y"), "x sk-ant-api03-… y");
    }

    #[test]
    fn secret_shapes_and_names() {
        for secret in [
            "sk-ant-api03-x",
            "ghp_FAKEspacevalue0001",
            "0123456789abcdef0123",
        ] {
            assert!(looks_like_secret(secret), "{secret}");
        }
        for name in [
            "CLAUDE_CODE_OAUTH_TOKE",
            "lint-evn",
            "api-key-shadows-oaut",
            "workflow-credential-in-wrong-variable",
        ] {
            assert!(!looks_like_secret(name), "{name}");
        }
    }

    #[test]
    fn an_ellipsis_after_a_cut_token_does_not_stop_the_scrubber() {
        // Regression (issue 18): a body cut on the key's last character ended `…`, which the
        // scrubber took for its own redaction and left 109 of 110 characters in clear.
        let cut = format!("echo: sk-ant-oat01-{}Q…", "Z".repeat(60));
        let out = scrub(&cut);
        assert!(!out.contains(&"Z".repeat(5)), "{out}");
        assert_eq!(scrub(&out), out);
    }

    #[test]
    fn partial_echoes_of_a_remembered_secret_are_removed() {
        let secret = "gw-FAKEpartialEchoSecret0123456789abcdef";
        remember(secret);
        for piece in [&secret[..20], &secret[10..30], &secret[secret.len() - 14..]] {
            let out = scrub(&format!("server said [{piece}] ok"));
            assert_eq!(out, "server said […] ok", "{piece}");
        }
        // Eleven characters are not a secret's piece: ordinary words survive.
        assert_eq!(scrub(&secret[3..14]), &secret[3..14]);
        // A redacted form is left alone, and the public prefix of a key is not a piece.
        let key = format!("sk-ant-api03-{}PaRt", "m".repeat(30));
        remember(&key);
        let red = redact(&key);
        assert_eq!(scrub(&format!("x {red} y")), format!("x {red} y"));
        assert_eq!(
            scrub("keys start sk-ant-api03-"),
            "keys start sk-ant-api03-"
        );
        // The names and words of a header block are not pieces of it; its secret is.
        let block = "Authorization: Bearer gw0FAKEheaderblocksecret42";
        remember(block);
        assert_eq!(
            scrub("the Authorization header"),
            "the Authorization header"
        );
        assert_eq!(scrub("[gw0FAKEheaderblocksec]"), "[…]");
        // Multi-byte text around a piece stays valid.
        let out = scrub(&format!("é{}é", &secret[5..25]));
        assert_eq!(out, "é…é");
    }
}
