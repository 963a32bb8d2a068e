//! `credential-unused-with-provider`: a credential that the selected provider never sends, or a
//! provider's key while that provider is not selected.

use crate::claude::resolve::IgnoreReason;
use crate::lint::{Context, Finding, Severity};

use super::describe_ignored;

declare_rule!(
    CredentialUnusedWithProvider,
    "credential-unused-with-provider",
    Severity::Warning,
    "A credential is present that the selected provider never uses (e.g. an OAuth token with Bedrock), or a provider key without its switch.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for i in &cx.resolution.ignored {
        let help = match &i.reason {
            IgnoreReason::Provider { provider } => format!(
                "Requests go to {provider}; remove {} from this step, or turn the provider \
                 switch off if the first-party API was meant.",
                i.source()
            ),
            IgnoreReason::ProviderNotSelected { provider } => format!(
                "Turn on the {provider} switch (CLAUDE_CODE_USE_{}=1) if {provider} was meant, \
                 or remove {}.",
                provider.id().to_ascii_uppercase(),
                i.source()
            ),
            _ => continue,
        };
        out.push(META.finding(
            i.candidate.location.clone(),
            format!(
                "{} is present but {}",
                describe_ignored(i),
                i.reason.explain()
            ),
            help,
        ));
    }
}
