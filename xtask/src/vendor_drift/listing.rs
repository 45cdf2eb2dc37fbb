//! What drift lists: not the deviations we chose (counted instead, with the Rust changes only they cause), and a
//! Rust type added or removed whole as one line, not one per field, method and trait impl of it.

use std::collections::BTreeSet;

use crate::diff::report::Report;
use crate::diff::rust_api::{ChangeKind, Kind, RustChange};

/// Take the accepted deviations out of the listing (counted in `unlisted_accepted`), with the Rust changes only
/// they cause.
pub(super) fn unlist_accepted(report: &mut Report) {
    let mut causes = vec![(0_usize, 0_usize); report.rust_changes.len()];
    for finding in &report.api_changes {
        for &i in &finding.tied {
            if let Some((accepted, open)) = causes.get_mut(i) {
                *if finding.accepted.is_some() { accepted } else { open } += 1;
            }
        }
    }
    let keep: Vec<bool> = causes
        .iter()
        .map(|&(accepted, open)| accepted == 0 || open > 0)
        .collect();
    retain_rust_changes(report, &keep);
    let before = report.api_changes.len();
    report.api_changes.retain(|f| f.accepted.is_none());
    report.unlisted_accepted += before - report.api_changes.len();
    report.judge();
}

/// Leave out the members (fields, methods, variants), trait impls and builder of a type the same change adds or
/// removes whole: the type's own line says it (`rust_folded` counts them).
pub(super) fn fold_members_of_whole_types(report: &mut Report) {
    let whole: BTreeSet<(ChangeKind, &str)> = report
        .rust_changes
        .iter()
        .filter(|c| matches!(c.kind, Kind::Struct | Kind::Enum) && c.change != ChangeKind::Changed)
        .filter_map(|c| Some((c.change, c.item.rsplit("::").next()?)))
        .collect();
    let keep: Vec<bool> = report
        .rust_changes
        .iter()
        .map(|c| !is_part_of_whole(c, &whole))
        .collect();
    let folded = keep.iter().filter(|&&keep| !keep).count();
    retain_rust_changes(report, &keep);
    report.rust_folded += folded;
    report.judge();
}

fn is_part_of_whole(change: &RustChange, whole: &BTreeSet<(ChangeKind, &str)>) -> bool {
    if change.change == ChangeKind::Changed {
        return false;
    }
    let segments: Vec<&str> = change.item.split("::").collect();
    let of_whole = |name: &str| whole.contains(&(change.change, name));
    match change.kind {
        // `types::impl From<JobId> for String`: an impl naming a type added or removed with it.
        Kind::Impl => change
            .item
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(of_whole),
        Kind::Field | Kind::Method | Kind::Variant => segments.len() >= 2 && of_whole(segments[segments.len() - 2]),
        // `types::builder::Job`, the builder of `types::Job`.
        Kind::Struct => {
            segments.len() >= 3 && segments[segments.len() - 2] == "builder" && {
                let module = segments[..segments.len() - 2].join("::");
                let name = segments[segments.len() - 1];
                let own = format!("{module}::{name}");
                change.item != own && whole.contains(&(change.change, name))
            }
        }
        Kind::Enum => false,
    }
}

/// Keep the Rust changes `keep` says, and the findings' ties to them.
fn retain_rust_changes(report: &mut Report, keep: &[bool]) {
    let mut new_index = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &kept in keep {
        new_index.push(kept.then_some(next));
        next += usize::from(kept);
    }
    let mut position = 0;
    report.rust_changes.retain(|_| {
        position += 1;
        keep.get(position - 1).copied().unwrap_or(true)
    });
    for finding in &mut report.api_changes {
        finding.tied = finding
            .tied
            .iter()
            .filter_map(|&i| new_index.get(i).copied().flatten())
            .collect();
    }
}
