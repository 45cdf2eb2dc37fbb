//! The snapshot in `golden/minimal-valid.rs` is real code: it compiles and its client sends what it should.

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
mod minimal {
    include!("golden/minimal-valid.rs");
}

use minimal::{Client, types};

#[test]
fn the_golden_types_decode_and_validate() {
    let thing: types::Thing =
        serde_json::from_str(r#"{"id":"a1","kind":"large","tags":["x"],"createdAt":"2024-01-02T03:04:05Z"}"#).unwrap();
    assert_eq!(thing.kind, Some(types::ThingKind::Large));
    assert!(
        "zz".parse::<types::GetThingThingId>().is_err(),
        "the path parameter's pattern is enforced"
    );
    let _ = Client::new("http://127.0.0.1:9", client::Inner);
}
