//! The GitHub workflows under `.github/workflows/` keep to least privilege: nothing is granted by default, only the
//! comment job may write (to pull requests), no workflow runs on `pull_request_target` (which would run with a write
//! token), the workflow that writes checks nothing out, and every action is pinned to a commit.

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
fn only_the_comment_job_writes_and_nothing_runs_a_forks_code_with_a_write_token() {
    let workflows = workflows();
    let names: Vec<&str> = workflows.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["spec-review-comment.yml", "spec-review.yml"]);
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
    assert_eq!(writers, ["spec-review-comment.yml/comment/pull-requests"]);
    // The review itself runs on pull_request, with contents: read only.
    let review = &workflows[1].1;
    assert!(review["on"].get("pull_request").is_some());
    assert_eq!(
        review["jobs"]["review"]["permissions"],
        serde_json::json!({"contents": "read"})
    );
}
