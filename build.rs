//! Generates one `#[test]` per fixture folder (`tests/fixtures/<rule-id>/<variant>/`), so a case
//! runs alone (`cargo test api_key_shadows_oauth::fires_custom_authorization`) and cases run in
//! parallel. The generated file is included by `tests/cli/fixtures.rs`; the library and the
//! binary do not use it. A packaged crate has no fixtures: then nothing is generated.

use std::fmt::Write as _;
use std::path::Path;

fn ident(name: &str) -> String {
    name.replace(['-', '.'], "_")
}

fn main() {
    println!("cargo:rerun-if-changed=tests/fixtures");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut code = String::new();
    let root = Path::new("tests/fixtures");
    let mut rules: Vec<_> = std::fs::read_dir(root)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    rules.sort();
    for rule in rules.iter().filter(|p| p.is_dir()) {
        let id = rule
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        println!("cargo:rerun-if-changed={}", rule.display());
        let mut variants: Vec<String> = std::fs::read_dir(rule)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        variants.sort();
        let _ = writeln!(code, "mod {} {{", ident(&id));
        for v in variants {
            let _ = writeln!(
                code,
                "    #[test]\n    fn {}() {{\n        crate::fixtures::check({id:?}, {v:?});\n    }}",
                ident(&v)
            );
        }
        let _ = writeln!(code, "}}");
    }
    std::fs::write(Path::new(&out_dir).join("fixture_tests.rs"), code)
        .expect("writing the generated fixture tests");
}
