//! A CI file, which a pull request writes: any text is linted as a GitHub workflow, a composite
//! action and a GitLab file without a panic; malformed YAML is a problem with a position, and no
//! finding shows an `sk-ant-` value in full.
#![no_main]
use std::path::Path;

use ccauth::workflows::{lint_text, Outcome, RepoFacts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // An empty directory: GitLab includes resolve to nothing.
    let root = Path::new("/nonexistent-ccauth-fuzz-root");
    for name in [".github/workflows/w.yml", "action.yml", ".gitlab-ci.yml"] {
        let mut outcome = Outcome::default();
        lint_text(root, Path::new(name), text.to_owned(), &RepoFacts::default(), &mut outcome);
        for p in &outcome.problems {
            assert!(
                p.line().is_some()
                    || p.message.starts_with("include:")
                    || p.message.starts_with("not linted:"),
                "{p}"
            );
        }
        for f in &outcome.findings {
            let shown = ccauth::redact::scrub(&format!("{} {}", f.message, f.help));
            assert!(!shown.contains("sk-ant-api03-AAAAAAAAAAAAAAAAAAAA"), "{shown}");
        }
    }
});
