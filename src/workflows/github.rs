//! GitHub Actions files (workflows and composite actions) read into a [`FileModel`]: each step's
//! effective environment (workflow, job and step `env`, literal `$GITHUB_ENV` writes of earlier
//! steps), the steps that run Claude Code, and how `claude-code-action` and ccauth's own Action
//! map their inputs.

use super::action::{Behaviour, Version};
use super::expr::{self, Abstract, Possible};
use super::model::{
    apply_script_event, Binding, ClaudeStep, Env, FileModel, Interpolation, Runner, ScriptEffect,
    Settings, System,
};
use super::shell;
use super::value::{context_names, secrets_in, whole_expression, Value};
use super::yaml::{Kind, Node, Pos, Sources};
use super::RepoFacts;
use crate::claude::command::ClaudeInvocation;
use crate::claude::sources::{vars, SECRET_VARS};

/// Inputs of `claude-code-action` and `claude-code-base-action` that carry a credential, and the
/// variable each is copied to (their action.yml: `ANTHROPIC_API_KEY: ${{ inputs.anthropic_api_key }}`).
pub const ACTION_CREDENTIAL_INPUTS: [(&str, &str); 2] = [
    ("anthropic_api_key", vars::API_KEY),
    ("claude_code_oauth_token", vars::OAUTH_TOKEN),
];

/// The provider switches of those actions: `use_bedrock: true` sets the variable to `1`, anything
/// else to `''` (always set, so a job's own switch is overridden).
const ACTION_SWITCHES: [(&str, &str); 3] = [
    ("use_bedrock", vars::USE_BEDROCK),
    ("use_vertex", vars::USE_VERTEX),
    ("use_foundry", vars::USE_FOUNDRY),
];

/// The triggers whose runs for a fork's pull request get empty secrets (GitHub gives
/// `pull_request_target` and `issue_comment` the base repository's secrets instead).
const FORK_EMPTY_TRIGGERS: [&str; 3] = [
    "pull_request",
    "pull_request_review",
    "pull_request_review_comment",
];

/// Inputs by which an action other than claude-code-action is given a Claude Code credential
/// (besides claude-code-action's own [`ACTION_CREDENTIAL_INPUTS`]), and the variable each stands
/// for.
const WRAPPER_CREDENTIAL_INPUTS: [(&str, &str); 4] = [
    ("anthropic-api-key", vars::API_KEY),
    ("claude-code-oauth-token", vars::OAUTH_TOKEN),
    ("claude_access_token", vars::OAUTH_TOKEN),
    ("claude_oauth_token", vars::OAUTH_TOKEN),
];

/// Actions that export secrets from a secret manager into the job's environment.
const SECRET_LOADERS: &[&str] = &[
    "hashicorp/vault-action",
    "1password/load-secrets-action",
    "aws-actions/aws-secretsmanager-get-secrets",
    "azure/get-keyvault-secrets",
    "google-github-actions/get-secretmanager-secrets",
    "dopplerhq/secrets-fetch-action",
    "bitwarden/sm-action",
    "infisical/secrets-action",
];

/// ccauth's own Action: its credential inputs and the variable each stands for.
pub const CCAUTH_CREDENTIAL_INPUTS: [(&str, &str); 3] = [
    ("oauth-token", vars::OAUTH_TOKEN),
    ("api-key", vars::API_KEY),
    ("auth-token", vars::AUTH_TOKEN),
];

/// Reads a workflow or composite action.
/// `local` are the composite actions of this repository the workflow uses (`./path`), read
/// already: their steps run with the calling step's environment.
pub fn read(
    model: &mut FileModel,
    doc: &Node,
    sources: &Sources<'_>,
    repo: &RepoFacts,
    local: &[(String, &Node)],
) {
    let mut reader = Reader {
        model,
        sources,
        repo,
        local,
        call_site: None,
        triggers: Vec::new(),
        env_from_actions: false,
        federated_login: None,
        call_secrets: Vec::new(),
        job_secrets: Vec::new(),
        step_secrets: Vec::new(),
        jobs: Vec::new(),
        current_job: None,
    };
    match reader.model.system {
        System::GithubAction => {
            if let Some(steps) = doc.get("runs").and_then(|r| r.get("steps")) {
                reader.steps("the action", &Env::new(), &[], steps);
            }
        }
        _ => reader.workflow(doc),
    }
}

struct Reader<'a> {
    model: &'a mut FileModel,
    sources: &'a Sources<'a>,
    repo: &'a RepoFacts,
    local: &'a [(String, &'a Node)],
    /// While a local action's steps are read: the `uses:` of the step that called it. What the
    /// action's file itself says is reported when that file is linted.
    call_site: Option<Pos>,
    /// The workflow's triggers (`pull_request`, `push`, …).
    triggers: Vec<String>,
    /// An earlier step of the job ran a secret-loading action.
    env_from_actions: bool,
    /// An earlier step of the job logged in to a cloud with the job's OIDC token: the login,
    /// and the secrets it was given (a role ARN), through a local action's inputs too; a job or
    /// step that checks one of them is a credential check.
    federated_login: Option<(String, Vec<String>)>,
    /// While a local action's steps are read: the secrets the calling step's `with` names.
    call_secrets: Vec<String>,
    /// Each job's id and the secrets its text names (a `needs.X.outputs` guard is followed
    /// into job X this far).
    job_secrets: Vec<(String, Vec<String>)>,
    /// The same for the steps (by `id`) of the job being read.
    step_secrets: Vec<(String, Vec<String>)>,
    /// Each job's `needs:` and `if:`, to tell when a job is skipped because a job it needs is.
    jobs: Vec<JobFacts>,
    /// The id of the job being read.
    current_job: Option<String>,
}

/// What decides whether a job runs at all.
struct JobFacts {
    id: String,
    needs: Vec<String>,
    condition: Option<String>,
}

impl<'a> Reader<'a> {
    fn workflow(&mut self, doc: &Node) {
        self.triggers = triggers(doc.get("on"));
        let workflow_env = self.env_block(doc.get("env"), "the workflow's env", &Env::new());
        let Some(jobs) = doc.get("jobs") else {
            return;
        };
        self.job_secrets = jobs
            .pairs()
            .map(|(id, _, job)| (id.to_owned(), node_secrets(job)))
            .collect();
        self.jobs = jobs
            .pairs()
            .map(|(id, _, job)| JobFacts {
                id: id.to_owned(),
                needs: names(job.get("needs")),
                condition: job.get("if").and_then(Node::as_str).map(str::to_owned),
            })
            .collect();
        for (id, _, job) in jobs.pairs() {
            if let Some(secrets) = job.get("secrets") {
                // A reusable workflow call: `secrets: inherit`, or named secrets passed on.
                self.assign_all(secrets);
            }
            if let Some(with) = job.get("with") {
                self.assign_all(with);
            }
            let label = format!("job `{id}`");
            let env = self.env_block(job.get("env"), &format!("job `{id}`'s env"), &workflow_env);
            let guards: Vec<String> = job
                .get("if")
                .and_then(Node::as_str)
                .filter(|g| !g.trim().is_empty())
                .map(str::to_owned)
                .into_iter()
                .collect();
            if let Some(steps) = job.get("steps") {
                self.current_job = Some(id.to_owned());
                self.steps(&label, &env, &guards, steps);
                self.current_job = None;
            }
        }
    }

    /// Whether job `id` is skipped in `run` because a job it needs does not run there: a job
    /// whose needed job is skipped is skipped too, unless its condition calls a status function
    /// (`always()`, `failure()`, `cancelled()`), which runs it anyway.
    fn job_skipped(&self, id: &str, run: &Run, depth: usize) -> bool {
        let Some(job) = self.jobs.iter().find(|j| j.id == id) else {
            return false;
        };
        if depth > self.jobs.len() {
            return false;
        }
        let status_function = job.condition.as_deref().is_some_and(|c| {
            let c: String = c
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            ["always()", "failure()", "cancelled()"]
                .iter()
                .any(|f| c.contains(f))
        });
        if status_function {
            return false;
        }
        job.needs.iter().any(|needed| {
            let Some(n) = self.jobs.iter().find(|j| &j.id == needed) else {
                return false;
            };
            let not_run = n.condition.as_deref().is_some_and(|c| {
                // A job's `if:` cannot read `env`; the scenario's contexts decide it.
                evaluate_condition(c, run, &Env::new(), &mut Vec::new()) == Some(false)
            });
            not_run || self.job_skipped(needed, run, depth + 1)
        })
    }

    /// Reads a list of steps in order, carrying `$GITHUB_ENV` writes forward, and returns what
    /// they wrote there. `job_guards` are the `if:` conditions the steps run under (the job's; a
    /// local action's steps add the calling step's).
    fn steps(&mut self, job: &str, base: &Env, job_guards: &[String], steps: &Node) -> Env {
        // Variables written to $GITHUB_ENV by earlier steps: above workflow and job `env`, below
        // a step's own `env`.
        let mut github_env = Env::new();
        self.env_from_actions = false;
        if self.call_site.is_none() {
            self.federated_login = None;
        }
        if self.call_site.is_none() {
            self.step_secrets = steps
                .items()
                .into_iter()
                .filter_map(|s| {
                    let id = s.get("id").and_then(Node::as_str)?;
                    Some((id.to_owned(), node_secrets(s)))
                })
                .collect();
        }
        for (index, step) in steps.items().into_iter().enumerate() {
            let name = step
                .get("name")
                .or_else(|| step.get("id"))
                .and_then(Node::as_str)
                .map_or_else(|| format!("#{}", index + 1), |n| format!("`{n}`"));
            let label = format!("{job}, step {name}");
            if !self
                .model
                .budget
                .spend(base.len() + github_env.len(), "step environments")
            {
                return github_env;
            }
            let mut env = base.clone();
            env.extend(github_env.clone());
            let env = self.env_block(step.get("env"), "the step's env", &env);
            let mut guards = job_guards.to_vec();
            guards.extend(
                step.get("if")
                    .and_then(Node::as_str)
                    .filter(|g| !g.trim().is_empty())
                    .map(str::to_owned),
            );
            let ctx = StepCtx {
                label: &label,
                env: &env,
                guards: &guards,
            };
            if let Some(run) = step.get("run") {
                let shell = step.get("shell").and_then(Node::as_str).unwrap_or("bash");
                self.run_step(&ctx, run, shell, &mut github_env);
            } else if let Some((uses_key, uses)) = step.entry("uses") {
                let with = step.get("with");
                self.uses_step(
                    &ctx,
                    uses_key.pos,
                    uses.as_str().unwrap_or(""),
                    with,
                    &mut github_env,
                );
            }
        }
        github_env
    }

    /// `env:` entries over `base`; credential variables are recorded as assignments.
    fn env_block(&mut self, block: Option<&Node>, via: &str, base: &Env) -> Env {
        let entries = block.map_or(0, |b| b.pairs().count());
        if !self.model.budget.spend(base.len() + entries, "env: blocks") {
            return Env::new();
        }
        let mut env = base.clone();
        let Some(block) = block else {
            return env;
        };
        for (name, key, value) in block.pairs() {
            let text = value.as_str().unwrap_or("");
            let value = Value::github(text);
            self.assign(name, &value, key.pos);
            env.insert(
                name.to_owned(),
                Binding::new(value, key.pos, via).with_raw(text),
            );
        }
        env
    }

    /// Records a credential assignment, unless it is in a local action (reported when that file
    /// is linted).
    fn assign(&mut self, target: &str, value: &Value, pos: Pos) {
        if self.call_site.is_none() {
            self.model.assign(target, value, pos);
        }
    }

    fn assign_all(&mut self, map: &Node) {
        for (name, key, value) in map.pairs() {
            let value = Value::github(value.as_str().unwrap_or(""));
            self.assign(name, &value, key.pos);
        }
    }

    fn run_step(&mut self, ctx: &StepCtx<'_>, run: &Node, shell_name: &str, github_env: &mut Env) {
        let Some(script) = run.as_str() else {
            return;
        };
        self.interpolations(run, script);
        if shell_name.starts_with("python") {
            return;
        }
        let mut env = ctx.env.clone();
        for located in shell::events(script) {
            let pos = self.sources.script_pos(run, located.line, located.column);
            let effect = apply_script_event(&mut env, located.event, pos, &mut |t, v, p| {
                self.assign(t, v, p);
            });
            match effect {
                ScriptEffect::None => {}
                ScriptEffect::GithubEnv(name, value) => {
                    self.assign(&name, &value, pos);
                    github_env.insert(name, Binding::new(value, pos, "$GITHUB_ENV"));
                }
                ScriptEffect::Claude(for_it, invocation) => {
                    self.push_step(ctx, pos, Runner::Script, for_it, &invocation);
                }
            }
        }
    }

    fn uses_step(
        &mut self,
        ctx: &StepCtx<'_>,
        pos: Pos,
        uses: &str,
        with: Option<&Node>,
        github_env: &mut Env,
    ) {
        let empty = Node {
            pos,
            kind: super::yaml::Kind::Null,
        };
        let with = with.unwrap_or(&empty);
        if is_claude_code_action(uses) {
            self.claude_code_action(ctx, pos, uses, with);
        } else if self.is_own_action(uses) {
            self.own_action(with, github_env);
        } else if let Some(steps) = self.local_steps(uses) {
            self.local_action(ctx, pos, uses, with, steps, github_env);
        } else if let Some(env) = self.wrapper_env(ctx, with) {
            self.assign_all(with);
            let runner = Runner::Wrapper(uses.to_owned());
            self.push_step(
                ctx,
                pos,
                runner,
                env,
                &ClaudeInvocation::parse::<String>(&[]),
            );
        } else {
            self.assign_all(with);
            let name = action_name(uses);
            if SECRET_LOADERS.contains(&name.as_str()) {
                self.env_from_actions = true;
            }
            if name == "aws-actions/configure-aws-credentials" {
                aws_credentials(with, pos, github_env);
            }
            if let Some(login) = oidc_login(&name, with) {
                let mut secrets = node_secrets(with);
                secrets.extend(self.call_secrets.iter().cloned());
                self.federated_login = Some((login, secrets));
            }
        }
    }

    /// The environment an action that wraps Claude Code is given, when it is one: an action
    /// other than claude-code-action taking a Claude credential input.
    fn wrapper_env(&self, ctx: &StepCtx<'_>, with: &Node) -> Option<Env> {
        let mut env = ctx.env.clone();
        let mut given = false;
        for &(name, var) in ACTION_CREDENTIAL_INPUTS
            .iter()
            .chain(&WRAPPER_CREDENTIAL_INPUTS)
        {
            if let Some((key, v)) = with.entry(name) {
                let value = Value::github(v.as_str().unwrap_or(""));
                env.insert(
                    var.to_owned(),
                    Binding::new(value, key.pos, &format!("input {name}")),
                );
                given = true;
            }
        }
        given.then_some(env)
    }

    /// The steps of a local composite action the workflow uses.
    fn local_steps(&self, uses: &str) -> Option<&'a Node> {
        if self.call_site.is_some() {
            return None;
        }
        let uses = if uses == "./" {
            "."
        } else {
            uses.trim_end_matches('/')
        };
        let local: &'a [(String, &'a Node)] = self.local;
        local
            .iter()
            .find(|(r, _)| r == uses)
            .and_then(|(_, doc)| doc.get("runs")?.get("steps"))
    }

    /// A local composite action's steps, with the calling step's environment (its own `env`
    /// included). `$GITHUB_ENV` is the job's: what they write there (credentials from
    /// `configure-aws-credentials` in a setup action) reaches the caller's later steps.
    fn local_action(
        &mut self,
        ctx: &StepCtx<'_>,
        at: Pos,
        uses: &str,
        with: &Node,
        steps: &Node,
        github_env: &mut Env,
    ) {
        self.assign_all(with);
        let saved = self.env_from_actions;
        // Findings point at the calling step: the fix is in the workflow.
        self.call_site = Some(at);
        self.call_secrets = node_secrets(with);
        let shown = match uses.trim_end_matches('/') {
            "." | "" => "./",
            other => other,
        };
        let label = format!("{}, in {shown}", ctx.label);
        let written = self.steps(&label, ctx.env, ctx.guards, steps);
        github_env.extend(written);
        self.call_site = None;
        self.call_secrets.clear();
        self.env_from_actions = saved;
    }

    fn claude_code_action(&mut self, ctx: &StepCtx<'_>, pos: Pos, uses: &str, with: &Node) {
        let version = Version::read(uses, self.sources.comment_on_line(pos));
        let mut env = ctx.env.clone();
        self.assign_all(with);
        let input = |name: &str| with.entry(name);
        let fallback = version.has(Behaviour::EnvFallback);
        for (name, var) in ACTION_CREDENTIAL_INPUTS {
            let b = match input(name) {
                Some((key, v)) => {
                    let value = Value::github(v.as_str().unwrap_or(""));
                    // `inputs.x || env.X`: an input that may be empty falls back to the step's
                    // variable; a given one wins.
                    match env.get(var) {
                        Some(own) if fallback && !value.may_be_present() => own.clone(),
                        _ => Binding::new(value, key.pos, &format!("input {name}")),
                    }
                }
                // Since v1.0.146 the environment is the fallback: the step's own variable stays.
                None if fallback => continue,
                None => Binding::new(
                    Value::Literal(String::new()),
                    pos,
                    &format!(
                        "input {name} (not given; {} replaces the variable)",
                        version.release
                    ),
                ),
            };
            env.insert(var.to_owned(), b);
        }
        // Workload identity federation (the action's anthropic_federation_rule_id and
        // anthropic_organization_id, since v1.0.130): the action exchanges the job's OIDC token
        // for the credential itself. Modelled as the identity token Claude Code's federation
        // source reads, with the value the workflow gives the rule id.
        if let (Some((key, rule)), Some(_), true) = (
            input("anthropic_federation_rule_id"),
            input("anthropic_organization_id"),
            version.has(Behaviour::WorkloadIdentity),
        ) {
            let value = Value::github(rule.as_str().unwrap_or(""));
            if value.may_be_present() {
                env.insert(
                    vars::IDENTITY_TOKEN.to_owned(),
                    Binding::new(
                        Value::Expression {
                            secrets: Vec::new(),
                        },
                        key.pos,
                        "workload identity federation (input anthropic_federation_rule_id)",
                    ),
                );
            }
        }
        for (name, var) in ACTION_SWITCHES {
            if name == "use_foundry" && !version.has(Behaviour::UseFoundry) {
                continue;
            }
            let (value, at) = match input(name) {
                Some((key, v)) => match Value::github(v.as_str().unwrap_or("")) {
                    Value::Literal(t) if t == "true" => (Value::Literal("1".into()), key.pos),
                    Value::Literal(_) => (Value::Literal(String::new()), key.pos),
                    other => (other, key.pos),
                },
                None => (Value::Literal(String::new()), pos),
            };
            env.insert(
                var.to_owned(),
                Binding::new(value, at, &format!("input {name}")),
            );
        }
        // `claude_env` (before v1.0.0): `NAME: value` lines for Claude Code's environment.
        if let (Some((key, v)), true) = (input("claude_env"), version.has(Behaviour::ClaudeEnv)) {
            for line in v.as_str().unwrap_or("").lines() {
                if let Some((name, value)) = line.split_once(':') {
                    let name = name.trim();
                    let value = Value::github(value.trim().trim_matches(['"', '\'']));
                    self.assign(name, &value, key.pos);
                    env.insert(
                        name.to_owned(),
                        Binding::new(value, key.pos, "input claude_env"),
                    );
                }
            }
        }
        let args = input("claude_args")
            .and_then(|(_, v)| v.as_str())
            .and_then(shlex::split)
            .unwrap_or_default();
        let mut invocation = ClaudeInvocation::parse(&args);
        if let Some((_, v)) = input("settings") {
            let text = v.as_str().unwrap_or("").trim();
            if !text.is_empty() {
                invocation.settings = Some(text.to_owned());
            }
        }
        let runner = Runner::ClaudeCodeAction(uses.to_owned(), version);
        self.push_step(ctx, pos, runner, env, &invocation);
    }

    /// ccauth's Action: `command: export-env` makes the given credential the one later steps
    /// get and clears the other first-party variables through `$GITHUB_ENV`.
    fn own_action(&mut self, with: &Node, github_env: &mut Env) {
        self.assign_all(with);
        let command = with
            .get("command")
            .and_then(Node::as_str)
            .unwrap_or("lint-env");
        if command != "export-env" {
            return;
        }
        let given = CCAUTH_CREDENTIAL_INPUTS
            .iter()
            .find_map(|(name, var)| with.entry(name).map(|(k, v)| (k, v, *var)));
        let Some((key, value, var)) = given else {
            return;
        };
        for (_, other) in CCAUTH_CREDENTIAL_INPUTS {
            let value = if other == var {
                Value::github(value.as_str().unwrap_or(""))
            } else {
                Value::Literal(String::new())
            };
            github_env.insert(
                other.to_owned(),
                Binding::new(value, key.pos, "ccauth export-env ($GITHUB_ENV)"),
            );
        }
    }

    fn is_own_action(&self, uses: &str) -> bool {
        action_name(uses) == "ccauth/ccauth" || (uses == "./" && self.repo.own_action_at_root)
    }

    fn push_step(
        &mut self,
        ctx: &StepCtx<'_>,
        pos: Pos,
        runner: Runner,
        env: Env,
        invocation: &ClaudeInvocation,
    ) {
        let settings = Settings::of(invocation.settings.as_deref(), "${{");
        let (empty_secret_triggers, unfollowed_guard) = self.unguarded_triggers(ctx.guards, &env);
        self.model.steps.push(ClaudeStep {
            label: ctx.label.to_owned(),
            pos: self.call_site.unwrap_or(pos),
            runner,
            env,
            bare_flag: invocation.bare.then_some(pos),
            settings,
            empty_secret_triggers,
            unfollowed_guard,
            env_from_actions: self.env_from_actions,
            federated_login: self.federated_login.as_ref().map(|(l, _)| l.clone()),
        });
    }

    /// The triggers that give this step empty secrets and that its conditions do not exclude,
    /// and the outputs a condition depends on that were not followed. Each condition is
    /// evaluated for the run in question (a fork's pull request, a Dependabot run): the step is
    /// guarded when a condition is certainly false there.
    fn unguarded_triggers(&self, guards: &[String], env: &Env) -> (Vec<String>, Option<String>) {
        if self.model.system != System::GithubWorkflow {
            return (Vec::new(), None);
        }
        let mut credential_secrets: Vec<String> = SECRET_VARS
            .iter()
            .filter_map(|v| env.get(*v))
            .flat_map(|b| b.value.secrets().into_iter().map(str::to_owned))
            .collect();
        if let Some((_, secrets)) = &self.federated_login {
            credential_secrets.extend(secrets.iter().cloned());
        }
        let mut unfollowed = None;
        let mut excluded = |run: &Run| {
            if let Some(job) = &self.current_job {
                if self.job_skipped(job, run, 0) {
                    return true;
                }
            }
            guards.iter().any(|c| {
                let mut outputs = Vec::new();
                let verdict = evaluate_condition(c, run, env, &mut outputs);
                if verdict == Some(false) {
                    return true;
                }
                // A condition on another job's (or step's) outputs: followed when that job names
                // the credential's secret (it checks it), else said to be unfollowed.
                for (kind, id) in outputs {
                    let list = if kind == "needs" {
                        &self.job_secrets
                    } else {
                        &self.step_secrets
                    };
                    let checks = list.iter().any(|(j, secrets)| {
                        j == &id && secrets.iter().any(|s| credential_secrets.contains(s))
                    });
                    if checks {
                        return true;
                    }
                    let what = if kind == "needs" { "job" } else { "step" };
                    unfollowed.get_or_insert_with(|| format!("{what} `{id}`'s outputs"));
                }
                false
            })
        };
        let mut out = Vec::new();
        for trigger in FORK_EMPTY_TRIGGERS {
            if self.triggers.iter().any(|t| t == trigger) && !excluded(&Run::Fork(trigger)) {
                out.push(trigger.to_owned());
            }
        }
        let dependabot_trigger = ["pull_request", "push"]
            .into_iter()
            .find(|t| self.triggers.iter().any(|x| x == t));
        if let (true, Some(t)) = (self.repo.dependabot, dependabot_trigger) {
            if !excluded(&Run::Dependabot(t)) {
                out.push("dependabot".to_owned());
            }
        }
        if out.is_empty() {
            unfollowed = None;
        }
        (out, unfollowed)
    }

    /// Records `${{ secrets.X }}` and `${{ env.X }}` written into a script.
    fn interpolations(&mut self, run: &Node, script: &str) {
        if self.call_site.is_some() {
            return;
        }
        for (idx, line) in script.lines().enumerate() {
            if !line.contains("${{") {
                continue;
            }
            // What an expression pastes is its value: `${{ secrets.KEY != '' }}` pastes `true`,
            // so only the contexts whose text reaches the result count.
            let mut contexts = vec!["secrets", "env"];
            if self.model.system == System::GithubAction {
                // A composite action's own inputs (`${{ inputs.anthropic_api_key }}`): the rule
                // judges by name whether one carries a credential.
                contexts.push("inputs");
            }
            let mut found: Vec<String> = Vec::new();
            for (start, _) in line.match_indices("${{") {
                let rest = &line[start + 3..];
                let inner = rest.find("}}").map_or(rest, |end| &rest[..end]);
                let reached = expr::reaching(inner, &contexts).unwrap_or_else(|| {
                    let segment = format!("${{{{{inner}}}}}");
                    contexts
                        .iter()
                        .flat_map(|c| {
                            context_names(&segment, c)
                                .into_iter()
                                .map(move |n| format!("{c}.{n}"))
                        })
                        .collect()
                });
                for r in reached {
                    let keep = match r.split_once('.') {
                        Some(("env", name)) => SECRET_VARS.contains(&name),
                        _ => true,
                    };
                    if keep && !found.contains(&r) {
                        found.push(r);
                    }
                }
            }
            for expression in found {
                let line_pos = self.sources.script_pos(run, idx, 1);
                let pos = self.sources.find_on_line(line_pos, &expression);
                self.model
                    .interpolations
                    .push(Interpolation { expression, pos });
            }
        }
    }
}

/// A run that gets empty secrets.
enum Run {
    /// A fork's pull request, on this trigger.
    Fork(&'static str),
    /// Dependabot's run (its branches are in the repository), on this trigger.
    Dependabot(&'static str),
}

/// A condition (`if:`) evaluated for `run`: `Some(false)` when the step certainly does not run.
/// `outputs` receives the `needs.X` and `steps.X` outputs it reads.
fn evaluate_condition(
    condition: &str,
    run: &Run,
    env: &Env,
    outputs: &mut Vec<(String, String)>,
) -> Option<bool> {
    let text = whole_expression(condition).unwrap_or(condition);
    let seen = std::cell::RefCell::new(Vec::new());
    let context = |path: &[String]| scenario(path, run, env, &seen, 0);
    let verdict = expr::evaluate(text, &context).and_then(|a| a.truthy());
    outputs.extend(seen.into_inner());
    verdict
}

/// The value of a context path in `run`'s scenario.
fn scenario(
    path: &[String],
    run: &Run,
    env: &Env,
    outputs: &std::cell::RefCell<Vec<(String, String)>>,
    depth: u8,
) -> Abstract {
    let known = |s: &str| Abstract(vec![Possible::Str(s.to_owned())]);
    let lower: Vec<String> = path.iter().map(|p| p.to_ascii_lowercase()).collect();
    let p: Vec<&str> = lower.iter().map(String::as_str).collect();
    let unknown = Abstract(vec![Possible::Unknown(Vec::new())]);
    let (event, dependabot) = match run {
        Run::Fork(t) => (*t, false),
        Run::Dependabot(t) => (*t, true),
    };
    match p.as_slice() {
        ["github", "event_name"] => known(event),
        ["github", "repository"]
        | ["github", "event", "pull_request", "base", "repo", "full_name"]
        | ["github", "event", "repository", "full_name"] => known("base-owner/repo"),
        ["github", "repository_owner"] | ["github", "event", "repository", "owner", "login"] => {
            known("base-owner")
        }
        ["github", "event", "pull_request", "head", "repo", "full_name"] => known(if dependabot {
            "base-owner/repo"
        } else {
            "fork-owner/repo"
        }),
        ["github", "event", "pull_request", "head", "repo", "owner", "login"] => {
            known(if dependabot {
                "base-owner"
            } else {
                "fork-owner"
            })
        }
        ["github", "event", "pull_request", "head", "repo", "fork"] => {
            Abstract(vec![Possible::Bool(!dependabot)])
        }
        ["github", "actor" | "triggering_actor"]
        | ["github", "event", "pull_request", "user", "login"]
        | ["github", "event", "sender", "login"]
            if dependabot =>
        {
            known("dependabot[bot]")
        }
        // A fork's pull request is opened by someone outside; a review or comment on it may be
        // anyone's.
        ["github", "actor" | "triggering_actor"]
        | ["github", "event", "pull_request", "user", "login"]
            if event == "pull_request" =>
        {
            known("outside-contributor")
        }
        ["secrets", _] => known(""),
        ["env", _] => match env.get(&path[1]) {
            Some(b) => match (&b.raw, &b.value) {
                (Some(raw), _) if depth == 0 => {
                    let inner = |q: &[String]| scenario(q, run, env, outputs, depth + 1);
                    whole_expression(raw)
                        .and_then(|e| expr::evaluate(e, &inner))
                        .unwrap_or(unknown)
                }
                (_, Value::Literal(t)) => known(t),
                (_, Value::Secret(_)) => known(""),
                _ => unknown,
            },
            None => known(""),
        },
        [kind @ ("needs" | "steps"), _, ..] => {
            outputs
                .borrow_mut()
                .push(((*kind).to_owned(), path[1].clone()));
            unknown
        }
        _ => unknown,
    }
}

/// Every secret named anywhere in a node's text (keys and scalars).
fn node_secrets(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    let mut visited = 0usize;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > 100_000 {
            break;
        }
        match &n.kind {
            Kind::Str(s, _) => {
                for name in secrets_in(s) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
            Kind::Seq(items) => stack.extend(items.iter()),
            Kind::Map(pairs) => stack.extend(pairs.iter().map(|(_, v)| v)),
            Kind::Null | Kind::Reference(_) => {}
        }
    }
    out
}

/// A cloud login made with the job's OIDC token, described as the action and the input that
/// makes it one; `None` for other actions and for logins with stored keys.
fn oidc_login(action: &str, with: &Node) -> Option<String> {
    let has = |input: &str| with.get(input).is_some();
    let input = match action {
        "aws-actions/configure-aws-credentials"
            if has("role-to-assume") && !has("aws-access-key-id") =>
        {
            "role-to-assume"
        }
        "google-github-actions/auth" if has("workload_identity_provider") => {
            "workload_identity_provider"
        }
        "azure/login" if has("client-id") && !has("creds") => "client-id",
        _ => return None,
    };
    Some(format!("{action} (input {input})"))
}

/// `aws-actions/configure-aws-credentials`: writes the region and the session's keys to
/// `$GITHUB_ENV` for the steps after it.
fn aws_credentials(with: &Node, pos: Pos, github_env: &mut Env) {
    let computed = || Value::Expression {
        secrets: Vec::new(),
    };
    let via = "aws-actions/configure-aws-credentials ($GITHUB_ENV)";
    if let Some(region) = with.get("aws-region") {
        let value = Value::github(region.as_str().unwrap_or(""));
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            github_env.insert(name.to_owned(), Binding::new(value.clone(), pos, via));
        }
    }
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ] {
        github_env.insert(name.to_owned(), Binding::new(computed(), pos, via));
    }
}

/// What a step's reading needs to know about the step.
struct StepCtx<'a> {
    label: &'a str,
    env: &'a Env,
    /// The job's and step's `if:` conditions.
    guards: &'a [String],
}

/// The `on:` triggers: a name, a list of names, or a mapping.
fn triggers(on: Option<&Node>) -> Vec<String> {
    let from_map: Vec<String> = on
        .map(|on| on.pairs().map(|(k, _, _)| k.to_owned()).collect())
        .unwrap_or_default();
    if !from_map.is_empty() {
        return from_map;
    }
    names(on)
}

/// A name or a list of names (`on:` without a mapping, `needs:`).
fn names(node: Option<&Node>) -> Vec<String> {
    let Some(node) = node else {
        return Vec::new();
    };
    if let Some(one) = node.as_str() {
        return vec![one.to_owned()];
    }
    node.items()
        .into_iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

/// The action a `uses:` names, without its ref, lowercased (GitHub names are case-insensitive).
fn action_name(uses: &str) -> String {
    uses.split('@').next().unwrap_or("").to_ascii_lowercase()
}

/// `anthropics/claude-code-action@…` or `anthropics/claude-code-base-action@…`.
pub fn is_claude_code_action(uses: &str) -> bool {
    let name = action_name(uses);
    name == "anthropics/claude-code-action" || name == "anthropics/claude-code-base-action"
}

/// An action named like a copy of claude-code-action (`someone/claude-code-action@ref`,
/// `org/claude-code-action-fork`): it is taken to pass its inputs on as the action does. Other
/// wrappers decide themselves what they do with two credentials (one seen documents that the
/// OAuth token takes precedence), which a workflow does not show.
pub fn is_action_copy(uses: &str) -> bool {
    let name = action_name(uses);
    let repo = name.split('/').nth(1).unwrap_or("");
    repo.contains("claude-code-action") || repo.contains("claude-code-base-action")
}

/// A variable or input that carries a Claude Code credential.
pub fn is_credential_target(name: &str) -> bool {
    SECRET_VARS.contains(&name)
        || ACTION_CREDENTIAL_INPUTS.iter().any(|(i, _)| *i == name)
        || CCAUTH_CREDENTIAL_INPUTS.iter().any(|(i, _)| *i == name)
}
