//! Conformance: the real Claude Code CLI and ccauth on the same environments must agree, header by
//! header. See README, "Conformance against the real CLI".
//!
//! Each test re-executes this test binary inside fresh network and mount namespaces
//! (`unshare --net --mount`, root), where only loopback exists; there it brings `lo` up, refuses to
//! run if any other interface or route is present, lays overlays over /etc and /home so every
//! claude run can bind its own managed settings onto /etc/claude-code and its own hosted-session
//! files onto /home/claude/.claude/remote, and runs the cases. Interactive cases run in tmux.
//!
//! Environment: `CLAUDE_CODE_VERSION` (default: the model's pinned version; `latest` allowed),
//! `CONFORMANCE_RANDOM` (random cases, default 25), `CONFORMANCE_SEED` (default 2332),
//! `CONFORMANCE_JOBS` (parallel cases, default 4), `CONFORMANCE_REPORT` (write disagreements as
//! markdown to this file), `CONFORMANCE_ONLY` (only cases whose name contains this),
//! `CONFORMANCE_VERBOSE` (print every outcome), `CCAUTH_CONFORMANCE_CACHE` (install directory), and
//! `CCAUTH_SKIP_CONFORMANCE=1` to skip outside CI.

mod cases;
pub mod mock;
mod run;
mod tty;
mod verify_probe;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::thread;

use cases::Case;
use run::{run_case, Outcome};

const INSIDE: &str = "CCAUTH_CONFORMANCE_INSIDE";

/// Where Claude Code looks for hosted-session credential files.
pub const REMOTE_DIR: &str = "/home/claude/.claude/remote";

#[test]
fn conformance_fixed_cases() {
    in_namespace("conformance::conformance_fixed_cases", |claude| {
        let cases = cases::fixed();
        assert!(cases.len() >= 80, "only {} fixed cases", cases.len());
        run_all(claude, cases);
    });
}

#[test]
fn conformance_random_cases() {
    in_namespace("conformance::conformance_random_cases", |claude| {
        let n = env_number("CONFORMANCE_RANDOM", 25);
        let seed = env_number("CONFORMANCE_SEED", 2332) as u64;
        run_all(claude, cases::random(seed, n));
    });
}

#[test]
fn the_random_generator_is_deterministic() {
    let a: Vec<String> = cases::random(7, 20)
        .iter()
        .map(|c| format!("{:?}{:?}{:?}", c.env, c.settings, c.args))
        .collect();
    let b: Vec<String> = cases::random(7, 20)
        .iter()
        .map(|c| format!("{:?}{:?}{:?}", c.env, c.settings, c.args))
        .collect();
    assert_eq!(a, b);
    let c: Vec<String> = cases::random(8, 20)
        .iter()
        .map(|c| format!("{:?}{:?}{:?}", c.env, c.settings, c.args))
        .collect();
    assert_ne!(a, c);
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Skips with a reason outside CI; fails with it in CI.
fn cannot_run(reason: &str) {
    if in_ci() {
        panic!("conformance cannot run: {reason}");
    }
    eprintln!("conformance skipped: {reason} (in CI this is a failure)");
}

/// Runs `body` with the real CLI inside the isolated namespaces: re-executes this test there
/// when needed.
pub fn in_namespace(test: &str, body: fn(&Path)) {
    if std::env::var_os(INSIDE).is_some() {
        let claude =
            PathBuf::from(std::env::var_os("CCAUTH_CONFORMANCE_CLAUDE").expect("claude path"));
        isolate();
        return body(&claude);
    }
    if std::env::var("CCAUTH_SKIP_CONFORMANCE").is_ok_and(|v| v == "1") && !in_ci() {
        return eprintln!("conformance skipped: CCAUTH_SKIP_CONFORMANCE=1");
    }
    if !is_root() {
        return cannot_run("network and mount namespaces need root");
    }
    let claude = match install_claude() {
        Ok(path) => path,
        Err(e) => return cannot_run(&format!("installing Claude Code failed: {e}")),
    };
    let exe = std::env::current_exe().expect("test binary");
    let status = Command::new("unshare")
        .args(["--net", "--mount", "--propagation", "private", "--"])
        .arg(&exe)
        .args([test, "--exact", "--nocapture", "--test-threads", "1"])
        .env(INSIDE, "1")
        .env("CCAUTH_CONFORMANCE_CLAUDE", &claude)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("conformance run failed ({s}); see the output above"),
        Err(e) => cannot_run(&format!("unshare could not start: {e}")),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Brings loopback up, proves nothing else is reachable, and prepares /etc/claude-code.
fn isolate() {
    let ok = Command::new("ip")
        .args(["link", "set", "lo", "up"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "could not bring loopback up (is iproute2 installed?)");
    let dev = fs::read_to_string("/proc/self/net/dev").expect("/proc/self/net/dev");
    let interfaces: Vec<&str> = dev
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(str::trim)
        .collect();
    assert_eq!(
        interfaces,
        vec!["lo"],
        "refusing to run: interfaces other than loopback exist: {interfaces:?}"
    );
    let routes = fs::read_to_string("/proc/self/net/route").unwrap_or_default();
    assert!(
        routes.lines().skip(1).all(|l| l.starts_with("lo")),
        "refusing to run: a non-loopback IPv4 route exists:\n{routes}"
    );
    // An overlay over /etc, private to this namespace, so /etc/claude-code exists without
    // touching the host and each run can bind its own managed settings onto it.
    let scratch = tempfile::tempdir().expect("scratch").keep();
    // The same over /home for the hosted-session files in /home/claude/.claude/remote.
    for (dir, mountpoint) in [("etc", "/etc"), ("home", "/home")] {
        let (upper, work) = (
            scratch.join(dir).join("upper"),
            scratch.join(dir).join("work"),
        );
        fs::create_dir_all(&upper).expect("upper");
        fs::create_dir_all(&work).expect("work");
        let opts = format!(
            "lowerdir={mountpoint},upperdir={},workdir={}",
            upper.display(),
            work.display()
        );
        let ok = Command::new("mount")
            .args(["-t", "overlay", "overlay", "-o", &opts, mountpoint])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "could not mount an overlay over {mountpoint}");
    }
    fs::create_dir_all("/etc/claude-code").expect("/etc/claude-code in the overlay");
    fs::create_dir_all(REMOTE_DIR).expect("the remote directory in the overlay");
}

/// Installs (once per cache) the Claude Code version under test and returns its executable.
fn install_claude() -> Result<PathBuf, String> {
    static LOCK: OnceLock<Mutex<()>> = OnceLock::new();
    let _guard = LOCK
        .get_or_init(|| Mutex::new(()))
        .lock()
        .map_err(|e| e.to_string())?;
    let mut version = std::env::var("CLAUDE_CODE_VERSION")
        .unwrap_or_else(|_| ccauth::claude::CLAUDE_CODE_VERSION.to_owned());
    if version == "latest" {
        let out = Command::new("npm")
            .args(["view", "@anthropic-ai/claude-code", "version"])
            .output()
            .map_err(|e| format!("npm: {e}"))?;
        version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    }
    let cache = std::env::var_os("CCAUTH_CONFORMANCE_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home =
                std::env::var_os("HOME").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
            home.join(".cache/ccauth-conformance")
        });
    let prefix = cache.join(format!("claude-code-{version}"));
    let package = prefix.join("node_modules/@anthropic-ai/claude-code");
    if executable(&package).is_none() {
        eprintln!(
            "installing @anthropic-ai/claude-code@{version} into {}",
            prefix.display()
        );
        fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
        let status = Command::new("npm")
            // No install scripts: the native binary is taken from the platform package, so
            // nothing third-party runs at install time and Node's version does not matter.
            .args([
                "install",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("@anthropic-ai/claude-code@{version}"))
            .status()
            .map_err(|e| format!("npm: {e}"))?;
        if !status.success() {
            return Err(format!("npm install exited with {status}"));
        }
    }
    let exe = executable(&package)
        .ok_or_else(|| format!("no claude executable in {}", package.display()))?;
    let out = Command::new(&exe)
        .arg("--version")
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    let reported = String::from_utf8_lossy(&out.stdout);
    if !reported.contains(&version) {
        return Err(format!(
            "{} reports {reported:?}, expected {version}",
            exe.display()
        ));
    }
    Ok(exe)
}

/// The native executable: the package's `bin.claude` once its postinstall replaced the
/// placeholder, else the platform package's binary (npm versions that skip install scripts).
fn executable(package: &Path) -> Option<PathBuf> {
    const PLACEHOLDER_MAX: u64 = 1024 * 1024;
    let big = |p: &Path| fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > PLACEHOLDER_MAX);
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(package.join("package.json")).ok()?).ok()?;
    let bin = package.join(manifest["bin"]["claude"].as_str()?);
    if big(&bin) {
        return Some(bin);
    }
    let scope = package.parent()?;
    fs::read_dir(scope)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("claude-code-"))
        .map(|e| e.path().join("claude"))
        .find(|p| big(p))
}

fn run_all(claude: &Path, cases: Vec<Case>) {
    let ccauth = assert_cmd::cargo::cargo_bin("ccauth");
    // CONFORMANCE_ONLY=text runs only the cases whose name contains it (for debugging).
    let only = std::env::var("CONFORMANCE_ONLY").unwrap_or_default();
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| c.name.contains(&only))
        .collect();
    let verbose = std::env::var_os("CONFORMANCE_VERBOSE").is_some();
    let jobs = env_number("CONFORMANCE_JOBS", 4).max(1);
    let queue = Mutex::new(cases.into_iter().enumerate().collect::<Vec<_>>());
    let results = Mutex::new(Vec::<(usize, Outcome)>::new());
    thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let Some((i, case)) = queue.lock().expect("queue").pop() else {
                    break;
                };
                let mut outcome = run_case(&case, claude, &ccauth);
                // Driving a terminal UI is timing-sensitive on a loaded machine: an interactive
                // case gets one more run; a real disagreement repeats and still fails.
                if case.interactive && !outcome.agrees() {
                    outcome = run_case(&case, claude, &ccauth);
                    outcome
                        .detail
                        .push_str("\n(second run of an interactive case)");
                }
                results.lock().expect("results").push((i, outcome));
            });
        }
    });
    let mut results = results.into_inner().expect("results");
    results.sort_by_key(|(i, _)| *i);
    if verbose {
        for (_, o) in &results {
            eprintln!(
                "{}: real CLI {} | ccauth {}\n  {}",
                o.name,
                o.observed,
                o.predicted,
                o.detail.replace('\n', "\n  ")
            );
        }
    }
    let failures: Vec<&Outcome> = results
        .iter()
        .map(|(_, o)| o)
        .filter(|o| !o.agrees())
        .collect();
    eprintln!(
        "conformance: {} cases, {} disagreements",
        results.len(),
        failures.len()
    );
    let report: String = failures
        .iter()
        .map(|o| {
            format!(
                "### {}\n- real CLI: `{}`\n- ccauth:   `{}`\n\n```text\n{}\n```\n\n",
                o.name, o.observed, o.predicted, o.detail
            )
        })
        .collect();
    if let Ok(path) = std::env::var("CONFORMANCE_REPORT") {
        fs::write(
            &path,
            format!(
                "{} cases, {} disagreements\n\n{report}",
                results.len(),
                failures.len()
            ),
        )
        .expect("report");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree:\n\n{report}",
        failures.len(),
        results.len()
    );
}
