//! No instance name can change the request's path or query: each is refused before any I/O or sent, encoded,
//! as exactly one path segment.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use generated_client::{Credentials, Error};
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const HOSTILE: &[&str] = &[
    "a/b",
    "../../../admin",
    "x?pageNum=99",
    "x#fragment",
    "100%",
    "%2e%2e",
    "%2F",
    "with space",
    "ünïcødé-名前",
    "...",
    ".hidden",
    "a;b=c",
    "tab\there",
    "new\nline",
    "quote\"and<angle>",
    "{braces}",
    "?",
    "#",
    "/",
];
const REFUSED: &[&str] = &["", ".", "..", "back\\slash", "\\"];

#[tokio::test]
async fn every_instance_name_stays_one_segment_or_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 500, 0, true)))
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::None);
    let prefix = format!("/api/atlas/v1.0/groups/{GROUP}/serverless/");

    for (i, name) in HOSTILE.iter().enumerate() {
        client
            .restore_jobs(GROUP, name)
            .items_per_page(7)
            .page(1)
            .await
            .unwrap_or_else(|e| panic!("{name:?}: {e}"));
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), i + 1);
        let url = &requests[i].url;
        assert_eq!(
            url.query(),
            Some("itemsPerPage=7&pageNum=1"),
            "{name:?} changed the query"
        );
        assert_eq!(url.fragment(), None);
        let segment = url
            .path()
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix("/backup/restoreJobs"))
            .unwrap_or_else(|| panic!("{name:?} changed the path: {}", url.path()));
        assert!(
            !segment.contains('/'),
            "{name:?} became more than one segment: {segment}"
        );
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().unwrap();
        assert_eq!(decoded, *name, "{name:?} did not arrive as itself");
    }

    for name in REFUSED {
        let err = client.restore_jobs(GROUP, name).page(1).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{name:?}: {err:?}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        HOSTILE.len(),
        "refused names send nothing"
    );
}
