//! Drives the interactive UI in tmux: declines the API-key dialog when it appears (its default
//! answer), types a prompt, and waits for the request to reach the mock.

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use super::mock::Mock;

/// How long the UI may take to show the prompt, and the request to arrive after it.
const SCREEN_TIMEOUT: Duration = Duration::from_secs(30);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

fn tmux(socket: &str, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(["-L", socket, "-f", "/dev/null"])
        .args(args)
        .output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Runs `script` in a detached tmux session and drives it; returns (exit code, last screen).
pub fn drive(root: &Path, script: &Path, mock: &Mock) -> (Option<i32>, String) {
    let socket = format!(
        "ccauth-{}",
        root.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let command = format!(
        "unshare --mount --propagation private -- sh '{}'",
        script.display()
    );
    tmux(
        &socket,
        &["new-session", "-d", "-x", "160", "-y", "50", &command],
    );
    let started = Instant::now();
    let mut screen = String::new();
    let mut declined = false;
    let mut typed = false;
    while started.elapsed() < SCREEN_TIMEOUT + REQUEST_TIMEOUT {
        thread::sleep(Duration::from_millis(200));
        screen = tmux(&socket, &["capture-pane", "-p"]);
        if typed {
            if mock.inference().is_some() {
                break;
            }
            continue;
        }
        if screen.contains("Detected a custom API key") && screen.contains("Enter to confirm") {
            if !declined {
                tmux(&socket, &["send-keys", "Enter"]);
                declined = true;
            }
            continue;
        }
        let prompt = screen
            .lines()
            .any(|l| l.trim_start().starts_with('\u{276f}'));
        if prompt && screen.contains("Claude Code") {
            tmux(&socket, &["send-keys", "-l", "hi"]);
            tmux(&socket, &["send-keys", "Enter"]);
            typed = true;
        } else if started.elapsed() > SCREEN_TIMEOUT {
            break;
        }
    }
    tmux(&socket, &["kill-server"]);
    let last: String = screen
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" | ");
    (
        None,
        format!("interactive (declined dialog: {declined}, typed: {typed}); screen: {last}"),
    )
}
