//! README's examples are what the binary prints: the opening `lint-env` example (up to its
//! shortened help line) and the `--version` text.

use crate::harness::World;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

#[test]
fn the_opening_example_is_what_lint_env_prints() {
    // Regression (issue 20): the example lacked the endpoint line the command prints.
    let text = readme();
    let start =
        text.find("$ ccauth lint-env\n").expect("the example") + "$ ccauth lint-env\n".len();
    let block = &text[start..start + text[start..].find("```").expect("end of the block")];
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEZq3x")
        .env(
            "CLAUDE_CODE_OAUTH_TOKEN",
            "sk-ant-oat01-FAKEFAKEFAKEFAKEFAKE3xQa",
        );
    let out = w.lint(&["--color", "never"]).output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    for (line, want) in block.lines().enumerate() {
        // The README cuts the help line short with "...".
        if let Some(cut) = want.strip_suffix("...") {
            assert!(
                printed.contains(cut),
                "line {line} of the example: {want}\n{printed}"
            );
            continue;
        }
        assert!(
            printed.lines().any(|l| l == want),
            "README line {line} is not printed: {want:?}\n{printed}"
        );
    }
}

#[test]
fn the_version_text_is_what_version_prints() {
    let out = World::new().ccauth(&["--version"]).output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        readme().contains(&format!("(`{printed}`)")),
        "README does not quote `{printed}`"
    );
}

/// Every flag of a subcommand is in its manual page (docs/<subcommand>.md), and every flag the
/// page's option tables name exists: the manual and `--help` agree in both directions.
#[test]
fn each_manual_page_documents_exactly_its_flags() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    let subcommands = crate::harness::subcommands();
    assert!(subcommands.len() >= 5, "{subcommands:?}");
    for name in &subcommands {
        if name == "completions" {
            continue;
        }
        let page = format!("docs/{name}.md");
        let text =
            std::fs::read_to_string(root.join(&page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        let flags = crate::harness::long_flags(name);
        assert!(
            !flags.is_empty(),
            "no flags read from `ccauth {name} --help`"
        );
        for flag in &flags {
            if !text.contains(&format!("`{flag}")) {
                wrong.push(format!("{page} does not document {flag}"));
            }
        }
        for row in text.lines().filter(|l| l.starts_with("| `-")) {
            let first_cell = row.split(" | ").next().unwrap_or("");
            for (at, _) in first_cell.match_indices("`--") {
                let flag: String = first_cell[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if flag != "--" && !flags.contains(&flag) {
                    wrong.push(format!(
                        "{page} documents {flag}, which `ccauth {name}` does not have"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
