//! The loopback way back: a listener on 127.0.0.1 (a free port) that waits for
//! `/callback?code=…&state=…`, answers a wrong state with 400 and keeps waiting, and ends on one
//! good callback (redirecting the browser to the success page) or on `error=`.

use std::time::{Duration, Instant};

use tiny_http::{Header, Response, Server};

use super::{same_secret, OauthError, SUCCESS_URL};

/// What one request to the listener carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// A code with the expected state.
    Code(String),
    /// The server refused: `error=` (and maybe `error_description=`).
    Denied {
        error: String,
        description: Option<String>,
    },
    /// A callback whose state is not this login's.
    StateMismatch,
    /// A callback without a code or state.
    Incomplete,
    /// Not the callback path at all (a favicon, a probe).
    NotCallback,
}

/// Reads a request target (`/callback?…`) against the expected state. Pure, for tests.
pub fn parse_callback(target: &str, expected_state: &str) -> Callback {
    let Ok(url) = reqwest::Url::parse(&format!("http://localhost{target}")) else {
        return Callback::NotCallback;
    };
    if url.path() != "/callback" {
        return Callback::NotCallback;
    }
    let get = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = get("error") {
        return Callback::Denied {
            error,
            description: get("error_description"),
        };
    }
    match (get("code"), get("state")) {
        (Some(code), Some(state)) if !code.is_empty() => {
            if same_secret(&state, expected_state) {
                Callback::Code(code)
            } else {
                Callback::StateMismatch
            }
        }
        _ => Callback::Incomplete,
    }
}

/// The loopback listener.
pub struct Listener {
    server: Server,
    port: u16,
}

impl Listener {
    /// Listens on 127.0.0.1 on a port the system picks.
    pub fn bind() -> Result<Self, OauthError> {
        let server = Server::http("127.0.0.1:0")
            .map_err(|e| OauthError::Io(format!("cannot listen on 127.0.0.1: {e}")))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| OauthError::Io("the listener has no IP address".into()))?;
        Ok(Self { server, port })
    }

    /// The redirect URI to register in the authorize request.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}/callback", self.port)
    }

    /// Waits until a good callback or `error=` arrives, or the deadline passes.
    pub fn wait(
        &self,
        expected_state: &str,
        deadline: Instant,
        started: Instant,
    ) -> Result<String, OauthError> {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Err(OauthError::Timeout {
                    waited: round(deadline - started),
                    what: "the browser never came back to the loopback callback",
                });
            }
            let slice = (deadline - now).min(Duration::from_millis(250));
            let request = match self.server.recv_timeout(slice) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) => return Err(OauthError::Io(format!("loopback listener failed: {e}"))),
            };
            match parse_callback(request.url(), expected_state) {
                Callback::Code(code) => {
                    let location = Header::from_bytes("Location", SUCCESS_URL)
                        .map_err(|()| OauthError::Io("bad header".into()))?;
                    let _ = request.respond(Response::empty(302).with_header(location));
                    return Ok(code);
                }
                Callback::Denied { error, description } => {
                    let _ = request.respond(page(400, "Authorization failed. You can close this tab; ccauth says why in the terminal."));
                    return Err(OauthError::Denied { error, description });
                }
                Callback::StateMismatch => {
                    let _ = request.respond(page(400, "This callback does not belong to the login ccauth started (state mismatch). Still waiting for the right one."));
                }
                Callback::Incomplete => {
                    let _ = request.respond(page(
                        400,
                        "The callback has no code or state. Still waiting.",
                    ));
                }
                Callback::NotCallback => {
                    let _ = request.respond(page(404, "Not found."));
                }
            }
        }
    }
}

fn page(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(text).with_status_code(status)
}

/// Whole seconds, for messages.
pub fn round(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs_f64().round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_table() {
        let s = "expected-state";
        let cases = [
            (
                "/callback?code=abc&state=expected-state",
                Callback::Code("abc".into()),
            ),
            (
                "/callback?state=expected-state&code=a%2Bb",
                Callback::Code("a+b".into()),
            ),
            ("/callback?code=abc&state=other", Callback::StateMismatch),
            ("/callback?code=abc", Callback::Incomplete),
            ("/callback?code=&state=expected-state", Callback::Incomplete),
            (
                "/callback?error=access_denied&error_description=User+said+no&state=x",
                Callback::Denied {
                    error: "access_denied".into(),
                    description: Some("User said no".into()),
                },
            ),
            (
                "/callback?error=server_error",
                Callback::Denied {
                    error: "server_error".into(),
                    description: None,
                },
            ),
            ("/favicon.ico", Callback::NotCallback),
            (
                "/callbackx?code=a&state=expected-state",
                Callback::NotCallback,
            ),
        ];
        for (target, want) in cases {
            assert_eq!(parse_callback(target, s), want, "{target}");
        }
    }
}
