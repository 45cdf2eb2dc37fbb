//! docs/rules.md's rule list is `cargo xtask diff --list-rules --format markdown`, so that it cannot fall behind the
//! registry. To update it after changing a rule: `EXPECTORATE=overwrite cargo test -p xtask --test readme_rules`.

use xtask::diff::rules::listing;

const BEGIN: &str = "<!-- rules:begin -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn the_rules_document_lists_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(BEGIN).expect("docs/rules.md has the rules:begin marker") + BEGIN.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("docs/rules.md has the rules:end marker");
    let listed = &readme[start..end];
    let expected = listing::markdown();
    if listed == expected {
        return;
    }
    if std::env::var("EXPECTORATE").as_deref() == Ok("overwrite") {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "docs/rules.md's rule list differs from the registry: run `EXPECTORATE=overwrite cargo test -p xtask --test \
         readme_rules` and commit docs/rules.md"
    );
}
