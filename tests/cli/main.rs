//! Integration tests: the built binary, run hermetically (see `harness`).

mod action;
mod bad_input;
mod config;
mod conformance;
mod exit_codes;
mod export_env;
mod fixtures;
mod formats;
mod gitlab;
mod harness;
mod layers;
mod leak;
mod mock_api;
mod model;
mod readme;
mod rules;
mod sarif_schema;
mod setup_token;
mod snapshots;
mod tools;
mod verify;
mod workflows;
