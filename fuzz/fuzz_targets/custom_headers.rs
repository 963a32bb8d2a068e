//! `ANTHROPIC_CUSTOM_HEADERS` text: the credential headers Claude Code would send.
#![no_main]
use ccauth::claude::candidates::header_value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for name in ["x-api-key", "authorization"] {
        if let Some(v) = header_value(text, name) {
            assert!(!v.is_empty() && !v.contains('\n'));
        }
    }
});
