//! `cloud-provider-incomplete`: the selected cloud provider (or workload identity federation)
//! lacks something it needs, so the first request fails.

use crate::claude::provider::{self, Provider};
use crate::claude::snapshot::Snapshot;
use crate::claude::sources::vars;
use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    CloudProviderIncomplete,
    "cloud-provider-incomplete",
    Severity::Error,
    "The selected cloud provider or workload identity federation is missing a region, project, endpoint, credentials or identity token.",
);

const INSTANCE_HINT: &str = " On a runner whose instance identity supplies credentials (EC2 \
    role, GCE service account, Azure managed identity without these variables), ccauth cannot \
    see them: `--ignore cloud-provider-incomplete`.";

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let s = cx.snapshot;
    let switch = |name: &str| {
        s.var(name)
            .map_or(Location::Environment, |d| d.location.clone())
    };
    for (variable, problem) in &s.cloud.file_problems {
        out.push(META.finding(
            problem.location.clone(),
            format!(
                "{}; the credentials it should supply cannot load",
                problem.message
            ),
            format!(
                "Point {} at the file the credential step wrote (a path relative to the job's \
                 working directory is read from the project directory), or unset it.",
                variable
            ),
        ));
    }
    match cx.resolution.provider {
        Provider::Anthropic => {}
        Provider::Bedrock => bedrock(s, switch(vars::USE_BEDROCK), out),
        Provider::Vertex => vertex(s, switch(vars::USE_VERTEX), out),
        Provider::Foundry => foundry(s, switch(vars::USE_FOUNDRY), out),
    }
    if provider::federation(s) == Some(false) {
        let missing: Vec<&str> = [
            (
                vars::FEDERATION_RULE_ID,
                s.value(vars::FEDERATION_RULE_ID).is_some(),
            ),
            (
                vars::ORGANIZATION_ID,
                s.value(vars::ORGANIZATION_ID).is_some(),
            ),
            (
                "ANTHROPIC_IDENTITY_TOKEN or ANTHROPIC_IDENTITY_TOKEN_FILE",
                s.value(vars::IDENTITY_TOKEN).is_some()
                    || s.value(vars::IDENTITY_TOKEN_FILE).is_some(),
            ),
        ]
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| n)
        .collect();
        out.push(META.finding(
            Location::Environment,
            format!(
                "workload identity federation is configured but lacks {}; Claude Code fails \
                 with \"oidc_federation config requires an identity token\" or similar",
                missing.join(" and ")
            ),
            "Set ANTHROPIC_FEDERATION_RULE_ID, ANTHROPIC_ORGANIZATION_ID and an identity token \
             (in GitHub Actions, request an OIDC token with `permissions: id-token: write`).",
        ));
    }
}

fn bedrock(s: &Snapshot, at: Location, out: &mut Vec<Finding>) {
    let has_auth = s.value(vars::BEDROCK_BEARER).is_some()
        || s.truthy(vars::SKIP_BEDROCK_AUTH)
        || s.cloud.aws.is_some();
    if !has_auth {
        out.push(META.finding(
            at.clone(),
            "Bedrock is selected but no AWS credentials are visible (AWS_BEARER_TOKEN_BEDROCK, \
             access keys, web identity, container credentials, awsCredentialExport, or \
             ~/.aws files); Claude Code fails with \"Could not load AWS credentials\"",
            format!(
                "Configure AWS credentials for the step (aws-actions/configure-aws-credentials \
                 with OIDC, or AWS_BEARER_TOKEN_BEDROCK).{INSTANCE_HINT}"
            ),
        ));
    }
    if s.value("AWS_REGION").is_none() && s.value("AWS_DEFAULT_REGION").is_none() {
        out.push(
            META.finding(
                at,
                "Bedrock is selected without AWS_REGION or AWS_DEFAULT_REGION; Claude Code uses \
                 us-east-1",
                "Set AWS_REGION to the region where your Bedrock model access is enabled.",
            )
            .with_severity(Severity::Warning),
        );
    }
}

fn vertex(s: &Snapshot, at: Location, out: &mut Vec<Finding>) {
    if s.value(vars::VERTEX_PROJECT_ID).is_none() {
        out.push(META.finding(
            at.clone(),
            "Vertex AI is selected without ANTHROPIC_VERTEX_PROJECT_ID; Claude Code fails with \
             \"No projectId was given\"",
            "Set ANTHROPIC_VERTEX_PROJECT_ID (and CLOUD_ML_REGION, default us-east5).",
        ));
    }
    if !s.truthy(vars::SKIP_VERTEX_AUTH) && s.cloud.google.is_none() {
        out.push(META.finding(
            at,
            "Vertex AI is selected but no Google Application Default Credentials are visible \
             (GOOGLE_APPLICATION_CREDENTIALS or gcloud's application_default_credentials.json)",
            format!(
                "Authenticate the step (google-github-actions/auth with workload identity), or \
                 set GOOGLE_APPLICATION_CREDENTIALS.{INSTANCE_HINT}"
            ),
        ));
    }
}

fn foundry(s: &Snapshot, at: Location, out: &mut Vec<Finding>) {
    if !provider::foundry_endpoint(s) {
        out.push(META.finding(
            at.clone(),
            "Microsoft Foundry is selected without ANTHROPIC_FOUNDRY_RESOURCE or \
             ANTHROPIC_FOUNDRY_BASE_URL, so Claude Code has no endpoint",
            "Set ANTHROPIC_FOUNDRY_RESOURCE to the resource name (or ANTHROPIC_FOUNDRY_BASE_URL).",
        ));
    }
    let has_auth = s.value(vars::FOUNDRY_API_KEY).is_some()
        || s.truthy(vars::SKIP_FOUNDRY_AUTH)
        || s.cloud.azure.is_some();
    if !has_auth {
        out.push(META.finding(
            at,
            "Microsoft Foundry is selected but there is no ANTHROPIC_FOUNDRY_API_KEY and no Azure \
             credential is visible (service principal variables, managed identity, or `az` on \
             PATH); Claude Code fails with \"Azure CLI could not be found\"",
            format!(
                "Set ANTHROPIC_FOUNDRY_API_KEY from the secret store, or log in with azure/login.{INSTANCE_HINT}"
            ),
        ));
    }
}
