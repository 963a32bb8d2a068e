//! The loopback callback's request target (`/callback?code=…&state=…`).
#![no_main]
use ccauth::oauth::callback::{parse_callback, Callback};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|target: &str| {
    let state = "expected-state-0123456789";
    match parse_callback(target, state) {
        // Only this login's state may produce a code or end the login.
        Callback::Code(_) | Callback::Denied { .. } => assert!(target.contains("state=")),
        _ => {}
    }
});
