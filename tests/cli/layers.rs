//! Which way dependencies point (docs/architecture.md, "Layers"): every `crate::` path in a
//! module of `src/` names a module its layer may use. Bottom utilities use nothing of ccauth; the
//! model (`claude/`) uses only them; the engines use the model; renderers sit above the engines;
//! only `cli` and `commands` see everything. A path that breaks this fails here, named with its
//! file and line.

use std::fs;
use std::path::Path;

/// The bottom utilities (and the macros at the crate root): every layer may use them.
const BOTTOM: &[&str] = &[
    "exit",
    "fsio",
    "http",
    "prefix",
    "process",
    "redact",
    "text",
    "time",
    "say",
    "serialize_by_id",
];

/// The top-level modules a module may name besides itself, by layer; `None` for the front end,
/// which may use everything.
fn allowed(module: &str) -> Option<Vec<&'static str>> {
    let above_bottom: &[&str] = match module {
        "exit" | "fsio" | "prefix" | "process" | "text" | "time" => return Some(Vec::new()),
        "redact" => return Some(vec!["prefix", "text"]),
        "http" => return Some(vec!["fsio"]),
        "claude" => &[],
        "lint" | "export" | "oauth" => &["claude"],
        "workflows" | "verify" => &["claude", "lint"],
        "config" => &["claude", "lint", "workflows"],
        "output" => &["claude", "lint", "workflows", "verify", "export"],
        "cli" | "commands" | "lib" | "main" => return None,
        _ => return Some(Vec::new()),
    };
    Some(BOTTOM.iter().chain(above_bottom).copied().collect())
}

fn visit(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            visit(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let Some(allowed) = allowed(&module) else {
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        // Tests inside a module may reach further (they build the types they check).
        let code = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .split("#[cfg(all(test")
            .next()
            .unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                // `$crate::…` in a macro names the crate itself.
                if name.is_empty() || name == module || line[..at].ends_with('$') {
                    continue;
                }
                if !allowed.contains(&name.as_str()) {
                    wrong.push(format!(
                        "src/{}:{}: {module} uses crate::{name}",
                        rel.display(),
                        n + 1
                    ));
                }
            }
            // `super::` out of a top-level file reaches the crate root's modules.
            if rel.components().count() == 1 && line.contains("super::") {
                wrong.push(format!(
                    "src/{}:{}: super:: from a top-level module",
                    rel.display(),
                    n + 1
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies pointing the wrong way:\n{}",
        wrong.join("\n")
    );
}
