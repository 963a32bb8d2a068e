//! Every SARIF document the suite can make (every fixture folder, plus workflow names and
//! directories that need percent-encoding) validates against the official SARIF 2.1.0 JSON
//! schema, vendored from serde-sarif's package in tests/sarif/.

use serde_json::Value;

use crate::harness::World;
use crate::rules::{fixture_dirs, load_fixture};

fn validator() -> jsonschema::Validator {
    let text = include_str!("../sarif/sarif-2.1.0-schema.json");
    let schema: Value = serde_json::from_str(text).expect("schema");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn the_validator_rejects_an_unencoded_uri() {
    let v = validator();
    let doc: Value = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{
            "message": {"text": "m"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "claude review.yml"}}}]
        }]}]
    });
    assert!(
        !errors(&v, &doc).is_empty(),
        "a space in a uri-reference must be invalid"
    );
}

#[test]
fn every_sarif_document_is_valid() {
    let v = validator();
    let mut failures = Vec::new();
    for (rule, variant, dir) in fixture_dirs() {
        let (world, args) = load_fixture(&dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = crate::rules::fixture_command(
            &world,
            rule,
            &[&["--format", "sarif"][..], &args].concat(),
        )
        .output()
        .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let e = errors(&v, &doc);
        if !e.is_empty() {
            failures.push(format!("{rule}/{variant}: {e:?}"));
        }
    }
    // A workflow file and a project directory that need encoding.
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEwxyz")
        .env(
            "CLAUDE_CODE_OAUTH_TOKEN",
            "sk-ant-oat01-FAKEFAKEFAKEFAKEFAKE3xQa",
        )
        .env(
            "GITHUB_WORKFLOW_REF",
            "o/r/.github/workflows/claude review 100%.yml@refs/heads/main",
        )
        .file(
            "project/50% off/.claude/settings.json",
            r#"{"env": {"ANTHROPIC_AUTH_TOKEN": "gw-FAKE0001"}}"#,
        );
    let out = w
        .ccauth(&["lint-env", "--format", "sarif", "--managed-dir"])
        .arg(w.path("managed"))
        .arg("--project-dir")
        .arg(w.path("project/50% off"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = errors(&v, &doc);
    if !e.is_empty() {
        failures.push(format!("encoded paths: {e:?}"));
    }
    let uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&".github/workflows/claude%20review%20100%25.yml"),
        "{uris:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
