//! ccauth: get Claude Code authenticated in CI, correctly and safely.
//!
//! The library holds the model of Claude Code's credential choice ([`claude`]), the lint rules
//! on top of it ([`lint`]) and the renderers ([`output`]); the binary is a thin shell around it.

pub mod claude;
pub mod redact;
