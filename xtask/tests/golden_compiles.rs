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
    assert!("a1f0".parse::<types::GetThingThingId>().is_ok());
    let client = Client::new("http://127.0.0.1:9", inner::Inner);
    let _request = client.get_thing().thing_id("a1f0").verbose(true);
}
