//! What every Atlas list operation looks like to the page walk, implemented by the generated code.
//!
//! `cargo xtask codegen` finds the spec's list operations (`pageNum`/`itemsPerPage` in, `{results, totalCount?,
//! links?}` out) and implements [`ListRequest`] for each one's generated builder and [`AtlasPage`] for its page
//! type (`xtask/src/paging.rs`), so a list added to the spec pages with no code written for it. The traits live
//! apart from the walk in `pages.rs`: the generated code depends on them, and the walk depends on the generated
//! code, so one module holding both would be a cycle.

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// One page of an Atlas list, as the generated type holds it.
pub trait AtlasPage: DeserializeOwned + Send + 'static {
    /// What the list holds (a restore job).
    type Item: Serialize + Send + 'static;
    /// The items of this page; empty past the last page.
    fn results(&self) -> &[Self::Item];
    /// The items, owned, for the stream of all of them.
    fn into_results(self) -> Vec<Self::Item>;
    /// `totalCount`: the size of the whole result set (an estimate; absent with `includeCount=false`).
    fn total_count(&self) -> Option<u64>;
    /// What the page's `links` say of a next page: `None` when it has no links at all.
    fn has_next_link(&self) -> Option<bool>;
}

/// The generated builder of one list operation, with every other parameter the caller set kept as set.
pub trait ListRequest: Clone + Send + Sync + Sized {
    /// The operation's generated name, for messages (`list_flex_restore_jobs`).
    const OPERATION: &'static str;
    /// The page type the operation returns.
    type Page: AtlasPage;
    /// The body of its error responses (`ApiError` for every Atlas operation).
    type ErrorBody;
    /// The same request for page `page_num` of `items_per_page` items; `include_count` is sent when the
    /// operation has the parameter and it is `Some`.
    fn for_page(self, page_num: u32, items_per_page: u32, include_count: Option<bool>) -> Self;
    /// Send it (the generated `send`).
    fn send_page(
        self,
    ) -> impl Future<
        Output = Result<progenitor_client::ResponseValue<Self::Page>, progenitor_client::Error<Self::ErrorBody>>,
    > + Send;
}

/// A page number or page size on its way into a generated setter, whatever integer type the generator gave the
/// parameter (`i32` for `format: int32`, `NonZeroU64` for an integer with `minimum: 1`…): the setters take any
/// `TryInto` of their type, and a value that does not fit fails the request as the generated code fails any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageParam(pub u32);

/// A [`PageParam`] that does not fit the parameter's type (page 0 into a `NonZero`, 2³¹ into an `i32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

macro_rules! page_param_into {
    ($($target:ty => $primitive:ty),* $(,)?) => {$(
        impl TryFrom<PageParam> for $target {
            type Error = OutOfRange;
            fn try_from(value: PageParam) -> Result<Self, OutOfRange> {
                let primitive = <$primitive>::try_from(value.0).map_err(|_| OutOfRange)?;
                <$target>::try_from(primitive).map_err(|_| OutOfRange)
            }
        }
    )*};
}

page_param_into!(
    i32 => i32,
    i64 => i64,
    u32 => u32,
    u64 => u64,
    std::num::NonZeroI32 => i32,
    std::num::NonZeroI64 => i64,
    std::num::NonZeroU32 => u32,
    std::num::NonZeroU64 => u64,
);

/// The count in a page's `totalCount` field, whatever integer type (and optionality) the generator gave it.
/// A negative or non-integer value counts as absent: it says nothing about what is left.
pub fn count<T: Serialize>(field: &T) -> Option<u64> {
    serde_json::to_value(field).ok()?.as_u64()
}

/// Whether a page's `links` field holds a link with relation `rel`: `None` when it holds no links (absent or
/// empty), whatever shape the generator gave the field (a list, a named list type, optional or not).
///
/// Serializing a handful of links is cheaper than it sounds and spares the generator from knowing how typify
/// spelled the field; a page's links are few, and the body they came in was read within the client's ceiling.
pub fn has_link<T: Serialize>(field: &T, rel: &str) -> Option<bool> {
    let links = serde_json::to_value(field).ok()?;
    let links = links.as_array().filter(|links| !links.is_empty())?;
    Some(
        links
            .iter()
            .any(|link| link.get("rel").and_then(|r| r.as_str()) == Some(rel)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes typify gives a page's links: a `Link` with an optional `rel`, and a named list of them.
    #[derive(Serialize)]
    struct Link {
        rel: Option<String>,
    }
    #[derive(Serialize)]
    #[serde(transparent)]
    struct Links(Vec<Link>);

    #[test]
    fn page_params_convert_into_every_integer_type_a_setter_may_take() {
        use std::num::{NonZeroI64, NonZeroU32, NonZeroU64};
        assert_eq!(i32::try_from(PageParam(500)), Ok(500));
        assert_eq!(NonZeroU64::try_from(PageParam(3)).map(NonZeroU64::get), Ok(3));
        assert_eq!(NonZeroI64::try_from(PageParam(3)).map(NonZeroI64::get), Ok(3));
        assert!(NonZeroU32::try_from(PageParam(0)).is_err(), "page 0 does not exist");
        assert!(
            i32::try_from(PageParam(u32::MAX)).is_err(),
            "too large for an int32 parameter"
        );
    }

    #[test]
    fn counts_are_read_from_any_integer_field_and_nonsense_is_absent() {
        assert_eq!(count(&Some(7_i32)), Some(7));
        assert_eq!(count(&7_u64), Some(7));
        assert_eq!(count(&None::<i64>), None);
        assert_eq!(count(&Some(-1_i64)), None, "a negative total says nothing");
        assert_eq!(count(&Some(i64::MAX)), Some(i64::MAX as u64));
    }

    #[test]
    fn links_are_found_in_any_shape_and_no_links_is_no_signal() {
        let link = |rel: &str| Link { rel: Some(rel.into()) };
        let named = Some(Links(vec![link("self"), link("next")]));
        assert_eq!(has_link(&named, "next"), Some(true));
        assert_eq!(has_link(&vec![link("self")], "next"), Some(false));
        assert_eq!(has_link(&None::<Links>, "next"), None);
        assert_eq!(has_link(&Vec::<Link>::new(), "next"), None);
        assert_eq!(has_link(&vec![Link { rel: None }], "next"), Some(false));
    }
}
