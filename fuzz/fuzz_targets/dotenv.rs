//! `--env-file` dotenv text, GitHub heredocs included; errors must never echo a value.
#![no_main]
use ccauth::claude::dotenv::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (entries, errors) = parse(text);
    for e in &entries {
        assert!(e.line >= 1);
    }
    for e in &errors {
        assert!(e.line >= 1 && e.column >= 1);
    }
});
