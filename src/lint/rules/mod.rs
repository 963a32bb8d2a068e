//! The rule registry: one module per rule, each named after its id, and [`RULES`], the one list
//! every other list (CLI values, docs index, SARIF rules, fixture folders) is derived from.

use super::{Context, Rule};

use crate::claude::resolve::{Header, Ignored};
use crate::claude::snapshot::EnvDef;

pub(crate) mod api_key_helper_failed;
pub(crate) mod api_key_not_approved;
pub(crate) mod api_key_shadows_oauth;
pub(crate) mod auth_token_and_api_key;
pub(crate) mod bare_mode_ignores_credential;
pub(crate) mod cloud_provider_incomplete;
pub(crate) mod credential_destination;
pub(crate) mod credential_unused_with_provider;
pub(crate) mod credentials_file_permissions;
pub(crate) mod empty_credential;
pub(crate) mod expect_mismatch;
pub(crate) mod helper_in_project_settings;
pub(crate) mod home_not_set;
pub(crate) mod invalid_input_file;
pub(crate) mod malformed_credential;
pub(crate) mod multiple_cloud_providers;
pub(crate) mod no_credential;
pub(crate) mod oauth_scope_missing;
pub(crate) mod padded_credential;
pub(crate) mod secret_in_settings_file;
pub(crate) mod settings_env_overrides_environment;
pub(crate) mod token_expiry;
pub(crate) mod token_in_wrong_variable;

/// Every rule, in the order findings of equal severity are reported.
pub static RULES: &[&dyn Rule] = &[
    &invalid_input_file::InvalidInputFile,
    &no_credential::NoCredential,
    &expect_mismatch::ExpectMismatch,
    &api_key_shadows_oauth::ApiKeyShadowsOauth,
    &token_in_wrong_variable::TokenInWrongVariable,
    &bare_mode_ignores_credential::BareModeIgnoresCredential,
    &settings_env_overrides_environment::SettingsEnvOverridesEnvironment,
    &oauth_scope_missing::OauthScopeMissing,
    &api_key_helper_failed::ApiKeyHelperFailed,
    &cloud_provider_incomplete::CloudProviderIncomplete,
    &secret_in_settings_file::SecretInSettingsFile,
    &auth_token_and_api_key::AuthTokenAndApiKey,
    &empty_credential::EmptyCredential,
    &padded_credential::PaddedCredential,
    &malformed_credential::MalformedCredential,
    &multiple_cloud_providers::MultipleCloudProviders,
    &credential_unused_with_provider::CredentialUnusedWithProvider,
    &api_key_not_approved::ApiKeyNotApproved,
    &helper_in_project_settings::HelperInProjectSettings,
    &credentials_file_permissions::CredentialsFilePermissions,
    &credential_destination::CredentialDestination,
    &home_not_set::HomeNotSet,
    &token_expiry::TokenExpiry,
];

/// `NAME (sk-ant-…abcd, from process)`: a header, for messages.
pub(crate) fn describe_header(h: &Header) -> String {
    h.candidate.describe()
}

/// `NAME (sk-ant-…abcd, from process)`: an ignored credential, for messages.
pub(crate) fn describe_ignored(i: &Ignored) -> String {
    i.candidate.describe()
}

/// What will be sent, in one phrase: `x-api-key from ANTHROPIC_API_KEY (…)` or `nothing`.
pub(crate) fn what_is_sent(cx: &Context<'_>) -> String {
    let parts: Vec<String> = cx
        .resolution
        .headers
        .iter()
        .map(|(name, h)| format!("{name} from {}", describe_header(h)))
        .collect();
    if parts.is_empty() {
        format!("nothing ({})", cx.resolution.nothing_sent())
    } else {
        parts.join(" and ")
    }
}

/// The effective definitions of the given variables that are set.
pub(crate) fn defined<'a>(
    cx: &'a Context<'_>,
    names: &'a [&'a str],
) -> impl Iterator<Item = &'a EnvDef> + 'a {
    names.iter().filter_map(|n| cx.snapshot.var(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_match_module_names() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            let id = rule.meta().id;
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id} is not kebab-case"
            );
            let file = format!(
                "{}/src/lint/rules/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                id.replace('-', "_")
            );
            assert!(std::path::Path::new(&file).is_file(), "{id}: no {file}");
        }
    }
}
