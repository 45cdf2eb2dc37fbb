//! The GitHub workflows under `.github/workflows/` keep to least privilege: nothing is granted by default, only the
//! review's comment job (to pull requests) and the drift check's issue job (to issues) may write, no workflow runs
//! on `pull_request_target` (which would run with a write token), a job that writes checks nothing out, every action
//! is pinned to a commit, and the comment and issue jobs update no comment or issue but their own.

use serde_json::Value;

fn workflows() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.github/workflows");
    let mut found: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, xtask::yaml::parse(&text).unwrap())
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn only_the_comment_and_issue_jobs_write_and_nothing_runs_a_forks_code_with_a_write_token() {
    let workflows = workflows();
    let names: Vec<&str> = workflows.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["spec-review-comment.yml", "spec-review.yml", "vendor-drift.yml"]
    );
    let mut writers = Vec::new();
    for (name, workflow) in &workflows {
        assert_eq!(
            workflow["permissions"],
            serde_json::json!({}),
            "{name}: nothing granted by default"
        );
        assert!(
            workflow["on"].get("pull_request_target").is_none(),
            "{name}: no pull_request_target"
        );
        for (job_name, job) in workflow["jobs"].as_object().unwrap() {
            let permissions = job["permissions"].as_object().expect("each job says what it needs");
            for (scope, access) in permissions {
                if access == "write" {
                    writers.push(format!("{name}/{job_name}/{scope}"));
                }
            }
            let steps = job["steps"].as_array().unwrap();
            for step in steps {
                if let Some(uses) = step["uses"].as_str() {
                    let (_, rev) = uses.split_once('@').expect("an action names its version");
                    assert!(
                        rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit()),
                        "{name}: {uses} is not pinned to a commit"
                    );
                }
                if let Some(checkout) = step["with"].as_object().filter(|_| {
                    step["uses"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("actions/checkout@"))
                }) {
                    assert_eq!(
                        checkout.get("persist-credentials"),
                        Some(&Value::Bool(false)),
                        "{name}: no token left in .git"
                    );
                }
            }
            let checks_out = steps.iter().any(|step| {
                step["uses"]
                    .as_str()
                    .is_some_and(|uses| uses.starts_with("actions/checkout@"))
            });
            let writes = permissions.values().any(|access| access == "write");
            assert!(
                !(writes && checks_out),
                "{name}/{job_name}: a job that writes checks out no code"
            );
        }
    }
    assert_eq!(
        writers,
        [
            "spec-review-comment.yml/comment/pull-requests",
            "vendor-drift.yml/issue/issues"
        ]
    );
    // The review itself runs on pull_request, with contents: read only.
    let review = &workflows[1].1;
    assert!(review["on"].get("pull_request").is_some());
    assert_eq!(
        review["jobs"]["review"]["permissions"],
        serde_json::json!({"contents": "read"})
    );
}

/// The comment job updates only its own comment: the first one that starts with its marker *and* was written by
/// `github-actions[bot]`. Anyone can post a comment starting with the marker; updating that one would put the
/// review under their name. The step's jq filter is run (jq, as `gh --jq` runs it) over a page of comments.
#[test]
fn the_comment_job_updates_only_a_comment_the_bot_wrote() {
    let workflows = workflows();
    let (_, workflow) = workflows
        .iter()
        .find(|(name, _)| name == "spec-review-comment.yml")
        .unwrap();
    let steps = workflow["jobs"]["comment"]["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| s["name"] == "Post or update the comment")
        .expect("the step that posts");
    let filter = step["env"]["OURS"].as_str().expect("the filter is the step's OURS");
    let script = step["run"].as_str().unwrap();
    assert!(
        script.contains(r#"--jq "$OURS""#),
        "the script finds the comment with OURS:\n{script}"
    );
    let marker = script
        .lines()
        .find_map(|line| line.trim().strip_prefix("marker='")?.strip_suffix('\''))
        .expect("the script's marker");
    assert!(
        filter.contains(&format!("startswith(\"{marker}\")")),
        "{filter} looks for {marker}"
    );

    let comments = serde_json::json!([
        {"id": 1, "user": {"login": "someone"}, "body": format!("{marker}\nnot the review")},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another bot comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": format!("{marker}\nthe review")},
        {"id": 4, "user": {"login": "github-actions[bot]"}, "body": format!("{marker}\nan older copy")}
    ]);
    let found = jq(filter, &comments);
    assert_eq!(found.lines().next(), Some("3"), "{found}");
    let only_theirs = serde_json::json!([comments[0], comments[1]]);
    assert_eq!(jq(filter, &only_theirs), "", "nothing of ours: a new comment is posted");
}

/// `jq -r FILTER` over `input` (jq is installed by `.ci/run` where it is missing).
fn jq(filter: &str, input: &Value) -> String {
    jq_with_env(filter, input, ("", ""))
}

/// [`jq`] with one variable in its environment (as the step's `env:` sets it for `gh --jq`).
fn jq_with_env(filter: &str, input: &Value, (name, value): (&str, &str)) -> String {
    use std::io::Write;
    let mut command = std::process::Command::new("jq");
    if !name.is_empty() {
        command.env(name, value);
    }
    let mut child = command
        .args(["-r", filter])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("jq runs (apt-get install jq)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "jq {filter}");
    String::from_utf8(output.stdout).unwrap()
}

/// The weekly drift check runs `cargo xtask drift` on the downloaded document, and its issue job updates only the
/// issue it opened: open, with its title, written by `github-actions[bot]` — not one someone else titled so.
#[test]
fn the_drift_workflow_runs_weekly_and_updates_only_its_own_issue() {
    let workflows = workflows();
    let (_, workflow) = workflows.iter().find(|(name, _)| name == "vendor-drift.yml").unwrap();
    let cron = workflow["on"]["schedule"][0]["cron"].as_str().expect("a schedule");
    let fields: Vec<&str> = cron.split_whitespace().collect();
    assert!(
        fields.len() == 5 && fields[2] == "*" && fields[3] == "*" && fields[4] != "*",
        "weekly: {cron}"
    );
    let drift_steps = workflow["jobs"]["drift"]["steps"].to_string();
    assert!(drift_steps.contains("cargo xtask drift --vendor"), "{drift_steps}");
    let document = workflow["jobs"]["drift"]["env"]["DOCUMENT"].as_str().unwrap();
    assert!(
        document.ends_with("/mongodb-atlas-cli/master/tools/internal/specs/spec.yaml"),
        "{document}"
    );
    assert!(drift_steps.contains("$DOCUMENT"), "{drift_steps}");
    let check_steps = workflow["jobs"]["vendor-check"]["steps"].to_string();
    assert!(
        check_steps.contains("cargo xtask vendor-check --vendor"),
        "{check_steps}"
    );

    let steps = workflow["jobs"]["issue"]["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| s["name"] == "Open, update or close the drift issue")
        .expect("the step that writes the issue");
    let filter = step["env"]["OURS"].as_str().unwrap();
    let title = step["env"]["TITLE"].as_str().unwrap();
    assert!(step["run"].as_str().unwrap().contains(r#"--jq "$OURS""#));
    let issues = serde_json::json!([
        {"number": 1, "title": title, "user": {"login": "someone"}},
        {"number": 2, "title": title, "user": {"login": "github-actions[bot]"}, "pull_request": {"url": "x"}},
        {"number": 3, "title": "another", "user": {"login": "github-actions[bot]"}},
        {"number": 4, "title": title, "user": {"login": "github-actions[bot]"}}
    ]);
    assert_eq!(jq_with_env(filter, &issues, ("TITLE", title)), "4\n");
    let only_theirs = serde_json::json!([issues[0], issues[1], issues[2]]);
    assert_eq!(
        jq_with_env(filter, &only_theirs, ("TITLE", title)),
        "",
        "none of ours: a new issue is opened"
    );
}
