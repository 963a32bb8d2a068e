//! What verify reads from outside: the text of a CLI result or an API error (classified), and a
//! recorded expiry (parsed). Any input gives a verdict with a cause, or an error; never a panic.
#![no_main]
use ccauth::verify::class::{classify_claude_error, classify_http, Sent};
use ccauth::time::parse_rfc3339;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, u16, bool)| {
    let (text, status, oauth) = input;
    let sent = Sent {
        probe: "claude",
        oauth,
        source: "CLAUDE_CODE_OAUTH_TOKEN".into(),
    };
    assert!(!classify_claude_error(text, &sent).cause.is_empty());
    assert!(!classify_http(status, text, &sent).cause.is_empty());
    let _ = parse_rfc3339(text);
});
