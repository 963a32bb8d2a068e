//! The pasted `code#state` (or callback URL) of setup-token's paste way back.
#![no_main]
use ccauth::oauth::paste::parse_pasted;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let state = "state-0123456789abcdefghijklmnopqrstuvwxyzABCD";
    if let Ok(code) = parse_pasted(text, state) {
        assert!(!code.is_empty());
        assert!(!code.chars().any(char::is_whitespace));
    }
});
