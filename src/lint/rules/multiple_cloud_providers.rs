//! `multiple-cloud-providers`: more than one provider switch is on; only one wins.

use crate::claude::provider;
use crate::claude::Location;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    MultipleCloudProviders,
    "multiple-cloud-providers",
    Severity::Warning,
    "More than one CLAUDE_CODE_USE_* switch is on; the first in Bedrock, Foundry, Vertex order wins.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let on = provider::enabled_switches(cx.snapshot);
    let Some(((winner, provider), losers)) = on.split_first() else {
        return;
    };
    for (name, _) in losers {
        let location = cx
            .snapshot
            .var(name)
            .map_or(Location::Environment, |d| d.location.clone());
        out.push(META.finding(
            location,
            format!("{name} is on, but {winner} is on too and wins: requests go to {provider}"),
            format!("Turn off every provider switch but the one you mean (unset {name} or set it to 0)."),
        ));
    }
}
