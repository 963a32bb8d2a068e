//! `ccauth.toml`, which a pull request can write: any text either parses into a configuration
//! that cannot silence the guard rules, or is an error naming the file; never a panic.
#![no_main]
use ccauth::config::{is_guard, Config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Config::parse(text, std::path::Path::new("ccauth.toml")) {
        Ok(c) => assert!(c.ignore.iter().all(|i| !is_guard(&i.rule))),
        Err(e) => assert!(format!("{e:#}").contains("ccauth.toml")),
    }
});
