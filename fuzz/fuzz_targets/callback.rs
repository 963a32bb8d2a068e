//! The loopback callback's request target (`/callback?code=…&state=…`).
#![no_main]
use ccauth::oauth::callback::{parse_callback, Callback};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|target: &str| {
    let state = "expected-state-0123456789";
    // URL parsing drops tabs and line breaks, so look for the state without them.
    let plain: String = target.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    match parse_callback(target, state) {
        // Only this login's state may produce a code or end the login.
        Callback::Code(code) => {
            assert!(plain.contains("state="));
            assert!(code.bytes().all(|b| b.is_ascii_graphic()));
        }
        Callback::Denied { .. } => assert!(plain.contains("state=")),
        _ => {}
    }
});
