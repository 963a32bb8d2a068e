//! `.credentials.json` (the stored /login): parse and describe, including absurd expiries.
#![no_main]
use std::path::Path;

use ccauth::claude::files::StoredLogin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(login) = StoredLogin::parse(text, Path::new("/fuzz/.credentials.json")) {
        let _ = login.describe();
        let _ = login.has_inference_scope();
    }
});
