//! ccauth: get Claude Code authenticated in CI, correctly and safely.
//!
//! The library holds the model of Claude Code's credential choice ([`claude`]), the engines on
//! top of it ([`lint`], [`workflows`], [`verify`], [`export`], [`oauth`]) and the renderers
//! ([`output`]); the binary holds the front end (its `cli` and `commands` modules: clap types,
//! one thin module per subcommand) and maps the outcome to an [`exit::ExitStatus`]. The library
//! has no clap types: each enum a flag selects has a mirror in the binary.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// Declares a rule: its [`lint::RuleMeta`] as `META`, a unit type named `$name`, and the impl
/// of the registry's trait that calls the module's `fn check(cx, out)`: a lint-env rule
/// ([`lint::Rule`]; with `guard` first, one the repository's ccauth.toml may neither ignore nor
/// lower), or with `workflow` first a lint-workflows rule ([`workflows::rules::WorkflowRule`]). The id is the module's name in kebab-case; each
/// registry's `ids_are_unique_…` test checks it.
macro_rules! declare_rule {
    (workflow $name:ident, $id:literal, $severity:expr, $summary:literal $(,)?) => {
        declare_rule!(@impl $crate::workflows::rules::WorkflowRule,
            $crate::workflows::rules::FileContext<'_>, $name, $id, $severity, $summary, false);
    };
    (guard $name:ident, $id:literal, $severity:expr, $summary:literal $(,)?) => {
        declare_rule!(@impl $crate::lint::Rule, $crate::lint::Context<'_>, $name, $id,
            $severity, $summary, true);
    };
    ($name:ident, $id:literal, $severity:expr, $summary:literal $(,)?) => {
        declare_rule!(@impl $crate::lint::Rule, $crate::lint::Context<'_>, $name, $id,
            $severity, $summary, false);
    };
    (@impl $rule:path, $cx:ty, $name:ident, $id:literal, $severity:expr, $summary:literal,
        $guard:literal) => {
        static META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
            id: $id,
            severity: $severity,
            summary: $summary,
            guard: $guard,
        };

        #[doc = $summary]
        pub struct $name;

        impl $rule for $name {
            fn meta(&self) -> &'static $crate::lint::RuleMeta {
                &META
            }

            fn check(&self, cx: &$cx, out: &mut Vec<$crate::lint::Finding>) {
                check(cx, out)
            }
        }
    };
}

/// Serializes a fieldless enum as its `id()`, the one place its wire name is spelled (JSON,
/// SARIF properties and text all use the same string).
#[macro_export]
macro_rules! serialize_by_id {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
    };
}

pub mod claude;
pub mod config;
pub mod exit;
pub mod export;
pub mod fsio;
pub mod http;
pub mod lint;
pub mod oauth;
pub mod output;
pub(crate) mod prefix;
pub mod process;
pub mod redact;
pub mod text;
pub mod time;
pub mod verify;
pub mod workflows;

/// Across the model's types: the lib root may see them all, the redactor (a bottom utility) may
/// not.
#[cfg(test)]
mod debug_redaction {

    #[test]
    fn secret_holding_types_redact_their_debug() {
        use crate::claude::candidates::CredValue;
        use crate::claude::snapshot::EnvDef;
        let secret = "ghp_FAKEdebugsecretvalue0001";
        let shown = [
            format!("{:?}", CredValue::Secret(secret.into())),
            format!("{:?}", CredValue::Fd(secret.into())),
            format!(
                "{:?}",
                EnvDef {
                    name: "X".into(),
                    raw: secret.into(),
                    origin: crate::claude::Origin::Process,
                    location: crate::claude::Location::Environment,
                }
            ),
            format!(
                "{:?}",
                crate::export::Export::Set {
                    name: "ANTHROPIC_AUTH_TOKEN",
                    value: secret.into()
                }
            ),
            format!(
                "{:?}",
                crate::oauth::token::Answer::Token {
                    token: secret.into(),
                    scope: "s".into(),
                    expires_in: 1
                }
            ),
            format!(
                "{:?}",
                crate::claude::dotenv::parse(&format!("A={secret}")).0
            ),
        ];
        for text in shown {
            assert!(!text.contains("debugsecret"), "{text}");
            assert!(text.contains("…0001"), "{text}");
        }
    }
}
