//! The hermetic harness: every run gets a cleared environment, a temporary root holding `home/`,
//! `project/`, `managed/` and `remote/`, and explicit paths for all of them.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary world for one `ccauth` run.
pub struct World {
    pub root: TempDir,
    env: Vec<(String, String)>,
}

impl World {
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("tempdir");
        for dir in ["home", "project", "managed", "remote"] {
            fs::create_dir_all(root.path().join(dir)).expect("mkdir");
        }
        Self {
            root,
            env: Vec::new(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// Writes a file under the root, creating directories; `$ROOT` is replaced by the root.
    pub fn file(&mut self, rel: &str, text: &str) -> &mut Self {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, self.expand(text)).expect("write");
        self
    }

    /// Sets a variable of the process environment ccauth runs with.
    pub fn env(&mut self, name: &str, value: &str) -> &mut Self {
        let value = self.expand(value);
        self.env.push((name.to_owned(), value));
        self
    }

    pub fn expand(&self, text: &str) -> String {
        text.replace("$ROOT", &self.root.path().display().to_string())
    }

    /// `ccauth <args>` with only HOME, PATH and the variables set here.
    pub fn ccauth(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("ccauth").expect("binary");
        cmd.env_clear()
            .env("HOME", self.path("home"))
            .env("PATH", "/usr/bin:/bin")
            .current_dir(self.path("project"));
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd
    }

    /// `ccauth lint-env` pointed at this world's directories, then `args`.
    pub fn lint(&self, args: &[&str]) -> Command {
        self.model("lint-env", args)
    }

    /// `ccauth <subcommand>` (one that models Claude Code: lint-env, export-env) pointed at this
    /// world's directories, then `args`.
    pub fn model(&self, subcommand: &str, args: &[&str]) -> Command {
        let mut cmd = self.ccauth(&[subcommand]);
        cmd.arg("--project-dir")
            .arg(self.path("project"))
            .arg("--managed-dir")
            .arg(self.path("managed"))
            .arg("--remote-dir")
            .arg(self.path("remote"))
            .args(args);
        cmd
    }

    /// Runs `lint-env --format json` and returns the document and the exit code.
    pub fn lint_json(&self, args: &[&str]) -> (Value, i32) {
        json_of(
            &self
                .lint(&[&["--format", "json"], args].concat())
                .output()
                .expect("run"),
        )
    }
}

/// A run's stdout as JSON (failing with both streams when it is not) and its exit code.
pub fn json_of(out: &std::process::Output) -> (Value, i32) {
    let code = out.status.code().expect("exit code");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, code)
}

/// The rule ids of a JSON document's findings.
pub fn rules_of(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_owned())
        .collect()
}

/// `source@origin` of a header in a JSON document, or `-`.
pub fn header(doc: &Value, name: &str) -> String {
    let h = &doc["headers"][name];
    if h.is_null() {
        "-".into()
    } else {
        format!(
            "{}@{}",
            h["source"].as_str().unwrap_or("?"),
            h["origin"].as_str().unwrap_or("?")
        )
    }
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A fake credential built at run time: an obviously fake, random-bodied value.
pub fn canary(prefix: &str, tag: &str) -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut body = String::new();
    while body.len() < 24 {
        let mut h = RandomState::new().build_hasher();
        h.write(tag.as_bytes());
        body.push_str(&format!("{:x}", h.finish()));
    }
    // The tag only seeds the hash: it must not appear in the value, or naming the variable in
    // a message would look like a leak.
    format!("{prefix}FAKE{}", &body[..24])
}

/// Every `--format` of lint-env and lint-workflows (a new format is swept at once).
pub fn report_formats() -> Vec<String> {
    ccauth::output::ReportFormat::ALL
        .iter()
        .map(|f| f.id().to_owned())
        .collect()
}

/// Every `--format` of verify.
pub fn verify_formats() -> Vec<String> {
    ccauth::output::verify::VerifyFormat::ALL
        .iter()
        .map(|f| f.id().to_owned())
        .collect()
}

/// The subcommands `ccauth --help` lists (the front end is the binary's: read from its help).
pub fn subcommands() -> Vec<String> {
    let out = World::new().ccauth(&["--help"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split("Commands:")
        .nth(1)
        .expect("a Commands: section")
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A command's line is indented by two; its wrapped description by more.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect()
}

/// The long flags `ccauth <sub> --help` lists (without `--help`).
pub fn long_flags(sub: &str) -> Vec<String> {
    let out = World::new()
        .ccauth(&[sub, "--help"])
        .env("COLUMNS", "200")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut flags = Vec::new();
    for line in text.lines().map(str::trim_start) {
        let line = line.strip_prefix("-").map_or(line, |_| line);
        // `-p, --print`, `--format <FORMAT>`: an option line starts with a dash.
        if !line.starts_with('-') {
            continue;
        }
        for word in line.split([' ', ',']).filter(|w| w.starts_with("--")) {
            let flag: String = word
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if flag.len() > 2 && flag != "--help" && !flags.contains(&flag) {
                flags.push(flag);
            }
        }
    }
    flags
}
