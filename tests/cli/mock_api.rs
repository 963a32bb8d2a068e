//! A scripted loopback mock of the Anthropic API for `verify`: it records every request (method,
//! path, headers, body) and answers from a script: a status with headers and a body, or a fault
//! (never answer, break the connection mid-body, drip bytes, an endless body). Raw TCP, so the
//! faults are real; optionally TLS (rustls) with the test certificate in tests/tls.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as the mock saw it; header names are lower case.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

/// What the mock answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Read the request, then never answer (the connection stays open).
    Silent,
    /// Headers promising a long body, a few bytes of it, then a TCP reset (SO_LINGER 0).
    ResetMidBody,
    /// Headers, then one byte every 300 ms, forever.
    Drip,
    /// A 401 whose chunked body never ends.
    Endless,
    /// A successful Messages API answer: server-sent events when the request asked to stream.
    MessageOk,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Self::Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    /// An Anthropic-style error answer.
    pub fn error(status: u16, kind: &str, message: &str) -> Self {
        Self::json(
            status,
            &serde_json::json!({"type": "error", "error": {"type": kind, "message": message}})
                .to_string(),
        )
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Answer { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// The answer `/v1/models?limit=1` gives a good credential.
pub const MODELS_OK: &str = r#"{"data":[{"type":"model","id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5","created_at":"2025-10-01T00:00:00Z"}],"has_more":true,"first_id":"claude-haiku-4-5","last_id":"claude-haiku-4-5"}"#;

/// A complete, non-streamed Messages API answer.
pub const MESSAGE_OK: &str = r#"{"id":"msg_mock","type":"message","role":"assistant","model":"mock","content":[{"type":"text","text":"OK"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#;

/// A running mock; it stops when dropped.
pub struct MockApi {
    pub url: String,
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    routing: Arc<AtomicBool>,
    route: bool,
}

type Script = Arc<Mutex<VecDeque<Reply>>>;

impl MockApi {
    /// Plain http; the replies are used in order, the last one repeating.
    pub fn start(replies: Vec<Reply>) -> Self {
        Self::serve(replies, None)
    }

    /// TLS with the test certificate for `localhost` and 127.0.0.1.
    pub fn start_tls(replies: Vec<Reply>) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls");
        Self::serve(replies, Some(tls_config(&dir)))
    }

    /// For the real CLI: inference requests get the script; anything else it asks on the way
    /// (`count_tokens`, account endpoints) gets an empty JSON object.
    pub fn start_for_claude(replies: Vec<Reply>) -> Self {
        let mut mock = Self::serve(replies, None);
        mock.route = true;
        mock.routing.store(true, Ordering::SeqCst);
        mock
    }

    fn serve(replies: Vec<Reply>, tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("mock listens on loopback");
        let port = listener.local_addr().expect("address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let routing = Arc::new(AtomicBool::new(false));
        let script: Script = Arc::new(Mutex::new(replies.into()));
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (log, halt, route) = (Arc::clone(&seen), Arc::clone(&stop), Arc::clone(&routing));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, script, halt, tls) = (
                    Arc::clone(&log),
                    Arc::clone(&script),
                    Arc::clone(&halt),
                    tls.clone(),
                );
                let routed = route.load(Ordering::SeqCst);
                thread::spawn(move || match tls {
                    Some(config) => {
                        let Ok(conn) = rustls::ServerConnection::new(config) else {
                            return;
                        };
                        let tls = rustls::StreamOwned::new(conn, stream);
                        handle(tls, &log, &script, &halt, routed);
                    }
                    None => handle(stream, &log, &script, &halt, routed),
                });
            }
        });
        Self {
            url: format!("{scheme}://127.0.0.1:{port}"),
            port,
            seen,
            stop,
            routing,
            route: false,
        }
    }

    /// Every request so far (for the real CLI: the inference requests only).
    pub fn seen(&self) -> Vec<Seen> {
        thread::sleep(Duration::from_millis(20));
        let seen = self.seen.lock().expect("log").clone();
        if !self.route {
            return seen;
        }
        seen.into_iter()
            .filter(|s| crate::conformance::mock::is_inference(&s.path))
            .collect()
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn tls_config(dir: &Path) -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .expect("server.pem")
        .collect::<Result<_, _>>()
        .expect("certificates");
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).expect("server.key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server certificate");
    Arc::new(config)
}

/// A connection that can be reset instead of closed.
trait Reset {
    fn reset_on_close(&self);
}

impl Reset for TcpStream {
    fn reset_on_close(&self) {
        let _ = rustix::net::sockopt::set_socket_linger(self, Some(Duration::ZERO));
    }
}

impl Reset for rustls::StreamOwned<rustls::ServerConnection, TcpStream> {
    fn reset_on_close(&self) {
        self.sock.reset_on_close();
    }
}

fn handle<S: Read + Write + Reset>(
    stream: S,
    log: &Mutex<Vec<Seen>>,
    script: &Mutex<VecDeque<Reply>>,
    halt: &AtomicBool,
    routed: bool,
) {
    let mut reader = BufReader::new(stream);
    let Some(seen) = read_request(&mut reader) else {
        return;
    };
    let (inference, stream_asked) = (
        crate::conformance::mock::is_inference(&seen.path),
        seen.body.contains("\"stream\":true"),
    );
    log.lock().expect("log").push(seen);
    if routed && !inference {
        let _ = respond(&mut reader.into_inner(), Reply::json(200, "{}"), halt);
        return;
    }
    let reply = {
        let mut s = script.lock().expect("script");
        if s.len() > 1 {
            s.pop_front()
        } else {
            s.front().cloned()
        }
    };
    let reply = match reply {
        Some(Reply::MessageOk) if stream_asked => Reply::Answer {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: crate::conformance::mock::sse(),
        },
        Some(Reply::MessageOk) => Reply::json(200, MESSAGE_OK),
        other => other.unwrap_or(Reply::json(200, MODELS_OK)),
    };
    let mut stream = reader.into_inner();
    let _ = respond(&mut stream, reply, halt);
}

fn read_request<R: BufRead>(r: &mut R) -> Option<Seen> {
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':')?;
        headers.insert(n.trim().to_ascii_lowercase(), v.trim().to_owned());
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len.min(1 << 20)];
    r.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn respond<W: Write + Reset>(w: &mut W, reply: Reply, halt: &AtomicBool) -> std::io::Result<()> {
    let wait_for_stop = |halt: &AtomicBool| {
        for _ in 0..600 {
            if halt.load(Ordering::SeqCst) {
                break;
            }
            thread::sleep(Duration::from_millis(100));
        }
    };
    match reply {
        Reply::Answer {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Mock\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (n, v) in headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str("\r\n");
            w.write_all(head.as_bytes())?;
            w.write_all(body.as_bytes())?;
            w.flush()
        }
        Reply::Silent => {
            wait_for_stop(halt);
            Ok(())
        }
        Reply::ResetMidBody => {
            w.write_all(b"HTTP/1.1 200 Mock\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{\"data\":[")?;
            w.flush()?;
            // Let the client start reading the body, then reset instead of closing.
            thread::sleep(Duration::from_millis(100));
            w.reset_on_close();
            Ok(())
        }
        Reply::Drip => {
            w.write_all(b"HTTP/1.1 200 Mock\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n")?;
            for _ in 0..600 {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                w.write_all(b" ")?;
                w.flush()?;
                thread::sleep(Duration::from_millis(300));
            }
            Ok(())
        }
        Reply::MessageOk => unreachable!("resolved in handle"),
        Reply::Endless => {
            w.write_all(b"HTTP/1.1 401 Mock\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n")?;
            let chunk = format!("{:x}\r\n{}\r\n", 8192, "x".repeat(8192));
            while !halt.load(Ordering::SeqCst) {
                w.write_all(chunk.as_bytes())?;
            }
            Ok(())
        }
    }
}
