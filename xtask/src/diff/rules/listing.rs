//! The registry as `cargo xtask diff --list-rules` prints it: for a terminal, for README.md, for machines. With
//! oasdiff's rules that are not implemented, and why, so that the listing accounts for all of them.

use super::{Area, Origin, Rule};
use crate::diff::oasdiff_gaps::{Gap, OASDIFF_GAPS};

/// For a terminal: rules grouped by area, with level and description.
pub fn text() -> String {
    let width = Rule::ALL.iter().map(|r| r.id().len()).max().unwrap_or(0);
    let mut out = format!("{}\n", summary());
    let mut area = None;
    for rule in Rule::ALL {
        if area != Some(rule.area()) {
            area = Some(rule.area());
            let count = Rule::ALL.iter().filter(|r| r.area() == rule.area()).count();
            out.push_str(&format!("\n{} ({count})\n", rule.area().as_str()));
        }
        let ours = if matches!(rule.origin(), Origin::Ours(_)) {
            " (ours)"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {:width$}  {:8}  {:6}  {}{ours}\n",
            rule.id(),
            rule.level().as_str(),
            rule.concern().as_str(),
            rule.description()
        ));
    }
    for (gap, ids) in gaps_by_reason() {
        out.push_str(&format!("\nnot implemented ({}): {}\n", ids.len(), gap.reason()));
        for id in ids {
            out.push_str(&format!("  {id}\n"));
        }
    }
    out
}

/// oasdiff's rules that are not implemented, by reason.
fn gaps_by_reason() -> Vec<(Gap, Vec<&'static str>)> {
    let mut by_reason: std::collections::BTreeMap<Gap, Vec<&'static str>> = Default::default();
    for (id, gap) in OASDIFF_GAPS {
        by_reason.entry(*gap).or_default().push(id);
    }
    by_reason.into_iter().collect()
}

/// For README.md: one table, our own rules' reasons in a second one.
pub fn markdown() -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = format!(
        "{}\n\n| Rule | Level | Concern | Area | Description |\n|---|---|---|---|---|\n",
        summary()
    );
    for rule in Rule::ALL {
        let ours = if matches!(rule.origin(), Origin::Ours(_)) {
            " (ours)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}`{ours} | {} | {} | {} | {} |\n",
            rule.id(),
            rule.level().as_str(),
            rule.concern().as_str(),
            rule.area().as_str(),
            cell(rule.description())
        ));
    }
    out.push_str("\nOur own rules, and why oasdiff's do not serve:\n\n| Rule | Why ours |\n|---|---|\n");
    for rule in Rule::ALL {
        if let Origin::Ours(why) = rule.origin() {
            out.push_str(&format!("| `{}` | {} |\n", rule.id(), cell(why)));
        }
    }
    out.push_str("\noasdiff's rules not implemented, and why:\n\n| Why | Rules |\n|---|---|\n");
    for (gap, ids) in gaps_by_reason() {
        let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        out.push_str(&format!(
            "| {} ({}) | {} |\n",
            cell(gap.reason()),
            ids.len(),
            ids.join(", ")
        ));
    }
    out
}

/// For machines: every rule with all its fields.
pub fn json() -> String {
    #[derive(serde::Serialize)]
    struct Entry {
        id: &'static str,
        level: super::Level,
        concern: super::Concern,
        area: Area,
        action: super::Action,
        #[serde(flatten)]
        origin: Origin,
        description: &'static str,
    }
    #[derive(serde::Serialize)]
    struct NotImplemented {
        id: &'static str,
        why: Gap,
        reason: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Listing {
        rules: Vec<Entry>,
        /// oasdiff's rules that are not implemented.
        not_implemented: Vec<NotImplemented>,
    }
    let entries: Vec<Entry> = Rule::ALL
        .iter()
        .map(|rule| Entry {
            id: rule.id(),
            level: rule.level(),
            concern: rule.concern(),
            area: rule.area(),
            action: rule.action(),
            origin: rule.origin(),
            description: rule.description(),
        })
        .collect();
    let listing = Listing {
        rules: entries,
        not_implemented: OASDIFF_GAPS
            .iter()
            .map(|(id, gap)| NotImplemented {
                id,
                why: *gap,
                reason: gap.reason(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&listing).unwrap_or_default() + "\n"
}

fn summary() -> String {
    let ours = Rule::ALL
        .iter()
        .filter(|r| matches!(r.origin(), Origin::Ours(_)))
        .count();
    format!(
        "{} rules: {} of oasdiff's {} (its id and default level), {ours} of our own. oasdiff's other {} do not \
         apply to OpenAPI 3.0 documents; each is listed with why.",
        Rule::ALL.len(),
        Rule::ALL.len() - ours,
        super::OASDIFF_RULES,
        OASDIFF_GAPS.len(),
    )
}
