//! Token endpoint answers: status and body. A token that comes back must be safe to print.
#![no_main]
use ccauth::oauth::token::{classify, Answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &str)| {
    let (status, body) = input;
    if let Answer::Token { token, scope, .. } = classify(status, body) {
        assert!(token.bytes().all(|b| b.is_ascii_graphic()));
        assert!(!scope.contains(['\n', '\r']));
    }
});
