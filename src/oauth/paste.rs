//! The paste way back, for SSH sessions, containers and CI: the user opens the URL anywhere, logs
//! in, and pastes the `code#state` the page shows.

use std::io::BufRead;
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use super::callback::round;
use super::{same_secret, OauthError};

/// Reads the pasted text against the expected state and returns the code. Pure, for tests.
///
/// Whitespace and line breaks anywhere are dropped (terminals wrap long lines); a pasted callback
/// URL (`…?code=…&state=…`) is accepted too.
pub fn parse_pasted(input: &str, expected_state: &str) -> Result<String, OauthError> {
    let text: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Err(OauthError::BadPaste(
            "nothing was pasted; paste the code#state the page shows".into(),
        ));
    }
    let (code, state) = if text.starts_with("http://") || text.starts_with("https://") {
        let url = reqwest::Url::parse(&text).map_err(|_| {
            OauthError::BadPaste(
                "the pasted URL does not parse; paste the code#state the page shows".into(),
            )
        })?;
        let get = |key: &str| {
            url.query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
        };
        if let Some(error) = get("error") {
            // As on the loopback: an error counts only with this login's state.
            if !same_secret(&get("state").unwrap_or_default(), expected_state) {
                return Err(OauthError::StateMismatch);
            }
            return Err(OauthError::Denied {
                error,
                description: get("error_description"),
            });
        }
        (
            get("code").unwrap_or_default(),
            get("state").unwrap_or_default(),
        )
    } else {
        let (code, state) = text.split_once('#').ok_or_else(|| {
            OauthError::BadPaste(
                "expected code#state (the whole text the page shows, with the #)".into(),
            )
        })?;
        (code.to_owned(), state.to_owned())
    };
    if code.is_empty() || state.is_empty() {
        return Err(OauthError::BadPaste(
            "the pasted text lacks the code or the state; paste the whole code#state".into(),
        ));
    }
    if !same_secret(&state, expected_state) {
        return Err(OauthError::StateMismatch);
    }
    // Found by fuzzing: a URL's query can decode to NULs or U+0085; no code has those.
    if !super::plausible_code(&code) {
        return Err(OauthError::BadPaste(
            "the pasted code has characters an authorization code cannot have; paste the \
             code#state exactly as the page shows it"
                .into(),
        ));
    }
    Ok(code)
}

/// A paste broken over more lines than this is read as it is.
const MAX_LINES: usize = 4;

/// The most bytes read for one pasted line (a code#state is about 200); a longer line is cut
/// there, and the paste then fails to parse instead of filling memory.
pub const MAX_LINE_BYTES: u64 = 16 * 1024;

/// Reads lines from stdin until they hold a whole `code#state` (or a URL), EOF, or the deadline.
pub fn read_code(
    expected_state: &str,
    deadline: Instant,
    started: Instant,
) -> Result<String, OauthError> {
    let (tx, rx) = mpsc::channel();
    // The reader thread may stay blocked on stdin after a timeout; the process exits anyway.
    thread::spawn(move || {
        use std::io::Read as _;
        let stdin = std::io::stdin();
        let mut lock = stdin.lock();
        loop {
            let mut bytes = Vec::new();
            let n = (&mut lock)
                .take(MAX_LINE_BYTES)
                .read_until(b'\n', &mut bytes)
                .unwrap_or(0);
            let line = String::from_utf8_lossy(&bytes).into_owned();
            // A line cut at the limit is not a code: stop reading, and end the paste there.
            let cut = n as u64 >= MAX_LINE_BYTES && !line.ends_with('\n');
            if tx.send((n, line)).is_err() || n == 0 {
                break;
            }
            if cut {
                let _ = tx.send((0, String::new()));
                break;
            }
        }
    });
    let mut pasted = String::new();
    let mut lines = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (n, line) = match rx.recv_timeout(left) {
            Ok(got) => got,
            Err(_) => {
                return Err(OauthError::Timeout {
                    waited: round(deadline - started),
                    what: "no code was pasted",
                });
            }
        };
        pasted.push_str(&line);
        lines += 1;
        // Done at EOF, on a whole code#state, on an empty line after some text (the user pressed
        // Enter again), or after a few lines that never became one.
        let blank_after_text = line.trim().is_empty() && !pasted.trim().is_empty();
        if n == 0
            || looks_complete(&pasted, expected_state.len())
            || blank_after_text
            || lines >= MAX_LINES
        {
            return parse_pasted(&pasted, expected_state);
        }
    }
}

/// True once the text (without whitespace) has a `#` followed by a state-sized part, or a URL
/// with a state, so a paste that the terminal broke over lines is read whole.
fn looks_complete(text: &str, state_len: usize) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.starts_with("http") {
        return t.contains("state=") || t.contains("error=");
    }
    t.split_once('#').is_some_and(|(_, s)| s.len() >= state_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_table() {
        let s = "S".repeat(43);
        let ok = |input: &str| parse_pasted(input, &s);
        assert_eq!(ok(&format!("abc#{s}")), Ok("abc".into()));
        assert_eq!(ok(&format!("  abc#{s}\n")), Ok("abc".into()));
        assert_eq!(
            ok(&format!("ab\nc#SSSS\r\n{}", "S".repeat(39))),
            Ok("abc".into())
        );
        assert_eq!(
            ok(&format!(
                "https://platform.claude.com/oauth/code/callback?code=abc&state={s}"
            )),
            Ok("abc".into())
        );
        assert_eq!(ok("abc#other"), Err(OauthError::StateMismatch));
        assert!(matches!(ok("abc"), Err(OauthError::BadPaste(_))));
        assert!(matches!(ok(""), Err(OauthError::BadPaste(_))));
        assert!(matches!(ok(&format!("#{s}")), Err(OauthError::BadPaste(_))));
        assert!(matches!(
            ok(&format!("https://x.example/callback?error=access_denied&state={s}")),
            Err(OauthError::Denied { error, .. }) if error == "access_denied"
        ));
        // An error without this login's state is not believed.
        assert_eq!(
            ok("https://x.example/callback?error=access_denied"),
            Err(OauthError::StateMismatch)
        );
        // Found by fuzzing: a query decoding to NULs or U+0085 (whitespace) is no code.
        for code in ["ab%00%00c", "a%C2%85b", "a%0Ab"] {
            assert!(
                matches!(
                    ok(&format!("https://x.example/cb?code={code}&state={s}")),
                    Err(OauthError::BadPaste(_))
                ),
                "{code}"
            );
        }
    }

    #[test]
    fn fuzz_crash_inputs_are_refused() {
        let input = include_bytes!(
            "../../fuzz/regressions/paste/crash-bb39c509049fa42ca52be28cbb8efe98abf8c834"
        );
        let text = String::from_utf8_lossy(input);
        let got = parse_pasted(&text, "state-0123456789abcdefghijklmnopqrstuvwxyzABCD");
        assert!(got.is_err(), "{got:?}");
    }

    #[test]
    fn completeness() {
        assert!(!looks_complete("abc#SS", 4));
        assert!(looks_complete("abc#SS\nSS\n", 4));
        assert!(looks_complete("https://x/cb?code=a&state=b", 4));
        assert!(!looks_complete("abc", 4));
    }
}
