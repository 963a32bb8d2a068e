//! A loopback mock of the Messages API (and of the provider endpoints): it answers like the API
//! and records the method, path and headers of every request.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use tiny_http::{Header, Response, Server};

/// One request as the mock saw it; header names are lower case.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
}

/// A running mock; it stops when dropped.
pub struct Mock {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    server: Arc<Server>,
    worker: Option<thread::JoinHandle<()>>,
}

impl Mock {
    pub fn start() -> Self {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("mock listens on loopback"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, log) = (Arc::clone(&server), Arc::clone(&seen));
        let worker = thread::spawn(move || {
            for mut req in s.incoming_requests() {
                let mut body = String::new();
                let _ = req.as_reader().read_to_string(&mut body);
                let headers = req
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_ascii_lowercase(),
                            h.value.as_str().to_owned(),
                        )
                    })
                    .collect();
                let path = req.url().to_owned();
                log.lock().expect("log").push(Seen {
                    method: req.method().as_str().to_owned(),
                    path: path.clone(),
                    headers,
                });
                let _ = respond(req, &path, &body);
            }
        });
        Self {
            url: format!("http://127.0.0.1:{port}"),
            seen,
            server,
            worker: Some(worker),
        }
    }

    /// The first inference request (first-party, Bedrock, Vertex or Foundry), if any arrived.
    pub fn inference(&self) -> Option<Seen> {
        self.seen
            .lock()
            .expect("log")
            .iter()
            .find(|s| s.method == "POST" && is_inference(&s.path))
            .cloned()
    }

    pub fn all(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

pub fn is_inference(path: &str) -> bool {
    // First-party and Foundry `/v1/messages`, Bedrock `/model/<id>/invoke…`, Vertex
    // `…:rawPredict` and `…:streamRawPredict` (releases differ in which one they use).
    let path = path.to_ascii_lowercase();
    (path.contains("/messages") && !path.contains("count_tokens"))
        || path.contains("/model/")
        || path.contains("rawpredict")
}

fn respond(req: tiny_http::Request, path: &str, body: &str) -> std::io::Result<()> {
    let json = |s: &str| Header::from_bytes("content-type", s).expect("header");
    let lower = path.to_ascii_lowercase();
    let messages = path.contains("/v1/messages") && !path.contains("count_tokens");
    // Vertex speaks the Messages API behind rawPredict (streaming: streamRawPredict).
    if messages || lower.contains("rawpredict") {
        let stream = body.contains("\"stream\":true") || body.contains("\"stream\": true");
        if stream || lower.contains("streamrawpredict") {
            return req
                .respond(Response::from_string(sse()).with_header(json("text/event-stream")));
        }
        let msg = r#"{"id":"msg_mock","type":"message","role":"assistant","model":"mock","content":[{"type":"text","text":"hello"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#;
        return req.respond(Response::from_string(msg).with_header(json("application/json")));
    }
    if req.method().as_str() == "POST" {
        // Provider endpoints and anything else: a plain, non-retryable error ends the run quickly.
        let err = r#"{"type":"error","error":{"type":"invalid_request_error","message":"mock"}}"#;
        return req.respond(
            Response::from_string(err)
                .with_status_code(400)
                .with_header(json("application/json")),
        );
    }
    req.respond(Response::from_string("{}").with_header(json("application/json")))
}

pub fn sse() -> String {
    let events = [
        (
            "message_start",
            r#"{"type":"message_start","message":{"id":"msg_mock","type":"message","role":"assistant","model":"mock","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}"#,
        ),
        (
            "content_block_start",
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        ),
        (
            "content_block_delta",
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hello"}}"#,
        ),
        (
            "content_block_stop",
            r#"{"type":"content_block_stop","index":0}"#,
        ),
        (
            "message_delta",
            r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}"#,
        ),
        ("message_stop", r#"{"type":"message_stop"}"#),
    ];
    events
        .iter()
        .map(|(e, d)| format!("event: {e}\ndata: {d}\n\n"))
        .collect()
}

/// Waits briefly for late requests to be logged.
pub fn settle() {
    thread::sleep(Duration::from_millis(20));
}
