//! Running a child process with a deadline: stdin fed and stdout/stderr drained on threads, so no
//! pipe can fill up and block it, and the whole process group killed when the deadline passes.

use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How a bounded run ended.
#[derive(Debug)]
pub enum Bounded {
    /// The process exited; at most `keep` bytes of each stream are kept.
    Finished {
        status: ExitStatus,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    /// Still running at the deadline: it and its process group were killed.
    TimedOut,
}

/// Runs `cmd` with `input` on its stdin (or none), keeping at most `keep` bytes of stdout and of
/// stderr, and killing it (and, on Unix, its process group) after `timeout`.
pub fn run_bounded(
    cmd: &mut Command,
    input: Option<&[u8]>,
    timeout: Duration,
    keep: usize,
) -> io::Result<Bounded> {
    own_process_group(cmd);
    let mut child = cmd
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let feeder = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut pipe)) => {
            let bytes = bytes.to_vec();
            // Dropping the pipe at the end closes the child's stdin.
            Some(thread::spawn(move || pipe.write_all(&bytes)))
        }
        _ => None,
    };
    let out = child.stdout.take().map(|p| drain(p, keep));
    let err = child.stderr.take().map(|p| drain(p, keep));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() >= timeout {
            kill_group(child.id());
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Bounded::TimedOut);
        }
        thread::sleep(Duration::from_millis(10));
    };
    if let Some(f) = feeder {
        // A child that exits without reading its input is not our error.
        let _ = f.join();
    }
    let collect =
        |h: Option<JoinHandle<Vec<u8>>>| h.and_then(|h| h.join().ok()).unwrap_or_default();
    Ok(Bounded::Finished {
        status,
        stdout: collect(out),
        stderr: collect(err),
    })
}

fn drain(mut pipe: impl Read + Send + 'static, keep: usize) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.by_ref().take(keep as u64).read_to_end(&mut buf);
        // Past `keep`, read on and discard, so the child never blocks on a full pipe.
        let _ = io::copy(&mut pipe, &mut io::sink());
        buf
    })
}

/// The child gets its own process group so a timeout ends its children too.
#[cfg(unix)]
fn own_process_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_cmd: &mut Command) {}

#[cfg(unix)]
fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(not(unix))]
fn kill_group(_pid: u32) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("/bin/sh");
        c.arg("-c").arg(script);
        c
    }

    #[test]
    fn feeds_stdin_and_keeps_bounded_output() {
        let got = run_bounded(
            &mut sh("cat; echo err >&2; head -c 100000 /dev/zero"),
            Some(b"in"),
            Duration::from_secs(5),
            4,
        )
        .unwrap();
        let Bounded::Finished {
            status,
            stdout,
            stderr,
        } = got
        else {
            panic!("timed out")
        };
        assert!(status.success());
        assert_eq!(stdout, b"in\0\0");
        assert_eq!(stderr, b"err\n");
    }

    #[test]
    fn kills_the_group_at_the_deadline() {
        let started = Instant::now();
        let got = run_bounded(
            &mut sh("sleep 30 & sleep 30"),
            None,
            Duration::from_millis(300),
            10,
        )
        .unwrap();
        assert!(matches!(got, Bounded::TimedOut));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
