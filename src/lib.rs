//! ccauth: get Claude Code authenticated in CI, correctly and safely.
//!
//! The library holds the model of Claude Code's credential choice ([`claude`]), the lint rules
//! on top of it ([`lint`]), the renderers ([`output`]) and one thin module per subcommand
//! ([`commands`]); the binary only parses and maps the outcome to an [`exit::ExitStatus`].

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod claude;
pub mod cli;
pub mod commands;
pub mod config;
pub mod exit;
pub mod export;
pub mod http;
pub mod lint;
pub mod oauth;
pub mod output;
pub mod process;
pub mod redact;
pub mod time;
pub mod verify;
pub mod workflows;
