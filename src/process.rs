//! Running a child process with a deadline: stdin fed and stdout/stderr drained on threads, so no
//! pipe can fill up and block it; the whole process group killed when the child exits or the
//! deadline passes, and reading stopped at the deadline whatever holds the pipes open.

use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
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

impl Bounded {
    /// The exit status and the kept stdout and stderr, or `None` when it timed out.
    pub fn finished(self) -> Option<(ExitStatus, Vec<u8>, Vec<u8>)> {
        match self {
            Self::Finished {
                status,
                stdout,
                stderr,
            } => Some((status, stdout, stderr)),
            Self::TimedOut => None,
        }
    }
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
    let deadline = Instant::now() + timeout;
    let pid = child.id();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            kill_group(pid);
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Bounded::TimedOut);
        }
        thread::sleep(Duration::from_millis(10));
    };
    // The child is gone; whatever it left running in its group (`sleep 100000 &`) would hold
    // the pipes open and keep the reads below waiting. End it, on success too.
    kill_group(pid);
    // A child that exits without reading its input is not our error, and a feeder blocked on a
    // pipe nobody reads is left behind rather than waited for.
    drop(feeder);
    // Something outside the group (a `setsid` grandchild) can still hold a pipe: stop reading
    // at the deadline regardless.
    let (Some(stdout), Some(stderr)) = (collect(out, deadline), collect(err, deadline)) else {
        return Ok(Bounded::TimedOut);
    };
    Ok(Bounded::Finished {
        status,
        stdout,
        stderr,
    })
}

/// The drained bytes of a pipe, or `None` when it is still open at the deadline.
fn collect(rx: Option<Receiver<Vec<u8>>>, deadline: Instant) -> Option<Vec<u8>> {
    match rx {
        None => Some(Vec::new()),
        Some(rx) => rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .ok(),
    }
}

fn drain(mut pipe: impl Read + Send + 'static, keep: usize) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.by_ref().take(keep as u64).read_to_end(&mut buf);
        // Past `keep`, read on and discard, so the child never blocks on a full pipe.
        let _ = io::copy(&mut pipe, &mut io::sink());
        // The receiver may have given up at the deadline.
        let _ = tx.send(buf);
    });
    rx
}

/// The child gets its own process group so a timeout ends its children too.
#[cfg(unix)]
fn own_process_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_cmd: &mut Command) {}

/// SIGKILL to the child's process group (its id: it was started as the group leader), with a
/// system call rather than a `kill` found on PATH.
#[cfg(unix)]
fn kill_group(pid: u32) {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw);
    if let Some(pid) = pid {
        // ESRCH (nothing left in the group) is the usual, good outcome.
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
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
    fn a_background_child_holding_stdout_does_not_hang_the_run() {
        // Regression: `sleep 100000 & echo k` used to hang ccauth with no limit.
        let started = Instant::now();
        let got = run_bounded(
            &mut sh("sleep 100000 & echo k"),
            None,
            Duration::from_secs(5),
            10,
        )
        .unwrap();
        let Bounded::Finished { status, stdout, .. } = got else {
            panic!("timed out")
        };
        assert!(status.success());
        assert_eq!(stdout, b"k\n");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_grandchild_outside_the_group_cannot_keep_it_reading() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("escaped");
        // Wait until the grandchild has left the group, or the group kill could still reach it.
        let script = format!(
            "setsid sh -c 'touch {m}; exec sleep 100000' & \
             while [ ! -f {m} ]; do sleep 0.02; done; echo k",
            m = marker.display()
        );
        let started = Instant::now();
        let got = run_bounded(&mut sh(&script), None, Duration::from_millis(1500), 10).unwrap();
        assert!(matches!(got, Bounded::TimedOut), "{got:?}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        // The escaped sleep is not ours to kill; end it for the test's sake.
        let _ = Command::new("pkill").args(["-f", "sleep 100000"]).status();
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
