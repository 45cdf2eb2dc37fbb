//! The snapshot in `golden/minimal-valid.rs` is real code: it compiles, and its types decode and validate.

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
mod minimal {
    include!("golden/minimal-valid.rs");
}

/// The snapshot's generated `Client` carries `crate::inner::Inner` and expects a hooks impl, as the real one does.
mod inner {
    #[derive(Clone, Debug, Default)]
    pub struct Inner;
}

impl progenitor_client::ClientHooks<inner::Inner> for minimal::Client {}

/// The snapshot's list operation implements the client crate's paging traits, as the real generated code does.
mod page_shape {
    pub use generated_client::page_shape::*;
}

use generated_client::page_shape::{AtlasPage, ListRequest};
use minimal::{Client, builder, types};

#[test]
fn the_golden_types_decode_and_validate() {
    let thing: types::Thing =
        serde_json::from_str(r#"{"id":"a1","kind":"large","tags":["x"],"createdAt":"2024-01-02T03:04:05Z"}"#).unwrap();
    assert_eq!(thing.kind, Some(types::ThingKind::Large));
    assert!(
        "zz".parse::<types::GetThingThingId>().is_err(),
        "the path parameter's pattern is enforced"
    );
    assert!("a1f0".parse::<types::GetThingThingId>().is_ok());
    let client = Client::new("http://127.0.0.1:9", inner::Inner);
    let _request = client.get_thing().thing_id("a1f0").verbose(true);
}

#[test]
fn the_golden_list_pages_through_the_client_crates_traits() {
    let page: types::PaginatedThings = serde_json::from_str(
        r#"{"results":[{"id":"a1"},{"id":"b2"}],"totalCount":7,"links":[{"rel":"self"},{"rel":"next"}]}"#,
    )
    .unwrap();
    assert_eq!(page.results().len(), 2);
    assert_eq!(page.total_count(), Some(7));
    assert_eq!(page.has_next_link(), Some(true));
    let bare: types::PaginatedThings = serde_json::from_str(r#"{"results":[]}"#).unwrap();
    assert_eq!((bare.total_count(), bare.has_next_link()), (None, None));
    assert_eq!(bare.into_results().len(), 0);
    assert_eq!(<builder::ListThings<'_> as ListRequest>::OPERATION, "list_things");
    let client = Client::new("http://127.0.0.1:9", inner::Inner);
    let _request = client.list_things().for_page(2, 50, Some(false));
}
