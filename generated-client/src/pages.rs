//! Any Atlas list, one page at a time or as one stream across all pages.
//!
//! Atlas paginates every list alike: `pageNum`/`itemsPerPage` in, `{links, results, totalCount}` out. progenitor
//! only generates streams for Dropshot's convention, so this module walks the pages itself, holding one page at a
//! time, for every list operation of the spec: codegen implements [`ListRequest`] for each one's builder, and
//! [`Paginate`] extends every such builder, so all the parameters the spec declares stay settable.
//!
//! When to stop is the one delicate decision (`AfterPage::decide`, below). Atlas promises no `next` link, and
//! `totalCount` is an estimate that `includeCount=false` leaves out, so no single signal is trusted to end a walk
//! early: a full page ends it only when every signal the server sent agrees that it was the last.

use std::hash::{DefaultHasher, Hasher};

use futures_util::stream::{self, BoxStream, StreamExt};

use crate::capture::capturing;
use crate::error::Error;
pub use crate::page_shape::{AtlasPage, ListRequest};
use crate::retry::RateLimit;
use crate::types::ApiError;

/// Atlas' largest page: fewest round trips for a full listing.
pub const MAX_ITEMS_PER_PAGE: u32 = 500;

/// One page as Atlas sent it, with its number and the rate-limit headers of its response.
#[derive(Debug, Clone)]
pub struct Page<P> {
    /// The page's number, from 1.
    pub number: u32,
    /// The page as the generated type holds it (`results`, `links`, `total_count`).
    pub content: P,
    /// What the response said of the rate-limit budget, to pace a long listing.
    pub rate_limit: RateLimit,
}

impl<P: AtlasPage> Page<P> {
    /// Whether the page links to a next one (`links[rel=next]`); `None` when it has no links at all.
    pub fn has_next_link(&self) -> Option<bool> {
        self.content.has_next_link()
    }
}

/// Paging for the generated builder of every list operation: `client.list_flex_restore_jobs().group_id(..)
/// .name(..).items()` streams every item, with whatever other parameters the builder was given.
pub trait Paginate: ListRequest<ErrorBody = ApiError> {
    /// This request as a [`Listing`], to choose the page size or the first page before walking.
    fn listing(self) -> Listing<Self> {
        Listing::new(Ok(Checked {
            request: self,
            scope: (),
        }))
    }

    /// Every page, 500 items each, fetched as the stream is polled.
    fn pages<'a>(self) -> BoxStream<'a, Result<Page<Self::Page>, Error>>
    where
        Self: 'a,
    {
        self.listing().pages()
    }

    /// Every item of every page, holding one page in memory at a time.
    fn items<'a>(self) -> BoxStream<'a, Result<<Self::Page as AtlasPage>::Item, Error>>
    where
        Self: 'a,
    {
        self.listing().items()
    }
}

impl<R: ListRequest<ErrorBody = ApiError>> Paginate for R {}

/// A listing of one Atlas list: the request with its path parameters, and how to walk it.
///
/// `S` is what a listing's owner keeps beside the request: the restore-job listings keep their checked cluster
/// for `get` and `create` ([`FlexRestoreJobs`](crate::FlexRestoreJobs)).
#[derive(Debug, Clone)]
pub struct Listing<R, S = ()> {
    /// The request and its scope, or why the arguments that make them are invalid (reported by the first call).
    pub(crate) target: Result<Checked<R, S>, String>,
    /// Why a listing option is invalid, reported by the first call.
    problem: Option<String>,
    items_per_page: u32,
    include_count: Option<bool>,
    first_page: u32,
}

/// A request whose arguments were checked, and what its listing's owner keeps beside it.
#[derive(Debug, Clone)]
pub(crate) struct Checked<R, S> {
    pub(crate) request: R,
    pub(crate) scope: S,
}

impl<R: ListRequest<ErrorBody = ApiError>, S> Listing<R, S> {
    /// A listing of `target` (or of the reason its arguments are invalid), 500 items a page from page 1.
    pub(crate) fn new(target: Result<Checked<R, S>, String>) -> Self {
        Listing {
            target,
            problem: None,
            items_per_page: MAX_ITEMS_PER_PAGE,
            include_count: None,
            first_page: 1,
        }
    }

    /// Items per page, 1 to 500 (default 500).
    pub fn items_per_page(mut self, items: u32) -> Self {
        if !(1..=MAX_ITEMS_PER_PAGE).contains(&items) {
            self.problem = Some(format!("items per page must be 1 to {MAX_ITEMS_PER_PAGE}, not {items}"));
        }
        self.items_per_page = items;
        self
    }

    /// Ask Atlas to count the whole result set (`includeCount`, Atlas' default is true). Counting costs the
    /// server time; the stream ends correctly without it. Ignored by an operation without the parameter.
    pub fn include_count(mut self, include: bool) -> Self {
        self.include_count = Some(include);
        self
    }

    /// The page a stream starts from (default 1).
    pub fn first_page(mut self, page: u32) -> Self {
        if page == 0 {
            self.problem = Some("page numbers start at 1".into());
        }
        self.first_page = page;
        self
    }

    /// The request for page `number`, or why there can be none.
    fn request(&self, number: u32) -> Result<R, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        if number == 0 {
            return Err(Error::InvalidRequest("page numbers start at 1".into()));
        }
        let target = self.target.as_ref().map_err(|e| Error::InvalidRequest(e.clone()))?;
        Ok(target
            .request
            .clone()
            .for_page(number, self.items_per_page, self.include_count))
    }

    /// Fetch page `number` (from 1).
    pub async fn page(&self, number: u32) -> Result<Page<R::Page>, Error> {
        let request = self.request(number)?;
        let (result, ending) = capturing(request.send_page()).await;
        match result {
            Ok(response) => Ok(Page {
                number,
                rate_limit: RateLimit::from_headers(response.headers()),
                content: response.into_inner(),
            }),
            Err(e) => Err(Error::from_generated::<R::Page>(e, ending).await),
        }
    }

    /// Every page from [`Listing::first_page`] on, fetched as the stream is polled. It ends after the last page
    /// (see the module documentation) and after the first error, which it yields. Boxed, so that it can be polled
    /// with `.next()` without pinning it first.
    pub fn pages<'a>(self) -> BoxStream<'a, Result<Page<R::Page>, Error>>
    where
        Self: 'a,
        S: Send + Sync,
    {
        let start = Walk {
            next: Some(self.first_page),
            seen: 0,
            previous: None,
            writes_next_links: false,
        };
        stream::unfold((self, start), |(listing, walk)| async move {
            let number = walk.next?;
            let (item, walk) = listing.step(number, walk).await?;
            Some((item, (listing, walk)))
        })
        .boxed()
    }

    /// Every item, page after page, holding one page in memory at a time.
    pub fn items<'a>(self) -> BoxStream<'a, Result<<R::Page as AtlasPage>::Item, Error>>
    where
        Self: 'a,
        S: Send + Sync,
    {
        self.pages()
            .flat_map(|page| match page {
                Ok(page) => stream::iter(page.content.into_results().into_iter().map(Ok)).left_stream(),
                Err(e) => stream::iter([Err(e)]).right_stream(),
            })
            .boxed()
    }

    /// Fetch page `number` and decide whether there is another.
    async fn step(&self, number: u32, mut walk: Walk) -> Option<(Result<Page<R::Page>, Error>, Walk)> {
        let stop = Walk { next: None, ..walk };
        let page = match self.page(number).await {
            Ok(page) => page,
            Err(e) => return Some((Err(e), stop)),
        };
        let count = page.content.results().len();
        if count == 0 && number > self.first_page {
            return None; // past the last page: nothing to yield
        }
        let fingerprint = fingerprint(page.content.results());
        if count > 0 && walk.previous == Some(fingerprint) {
            let message = format!(
                "page {number} repeats page {} (the server ignores pageNum?)",
                number - 1
            );
            return Some((Err(Error::Pagination(message)), stop));
        }
        let after = AfterPage {
            number,
            count,
            items_per_page: self.items_per_page,
            next_link: page.has_next_link(),
            writes_next_links: walk.writes_next_links,
            total_count: page.content.total_count(),
            seen: walk.seen.saturating_add(count as u64),
        };
        if let Some(disagreement) = after.disagreement() {
            tracing::warn!(
                operation = R::OPERATION,
                page = number,
                "{disagreement}; fetching the next page to be sure"
            );
        }
        walk.seen = after.seen;
        walk.previous = Some(fingerprint);
        walk.writes_next_links |= after.next_link == Some(true);
        walk.next = match after.decide() {
            Decision::Next(next) => Some(next),
            Decision::Last => None,
        };
        Some((Ok(page), walk))
    }
}

/// What the walk does after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Fetch this page next.
    Next(u32),
    /// That was the last page.
    Last,
}

/// What the server said with one page. Every field but `items_per_page` comes from the server.
#[derive(Debug, Clone, Copy)]
struct AfterPage {
    number: u32,
    /// Items on this page.
    count: usize,
    items_per_page: u32,
    /// Whether the page's links hold a `next` link; `None` when it has no links.
    next_link: Option<bool>,
    /// An earlier page of this walk had a `next` link: this server writes them, so one missing means something.
    writes_next_links: bool,
    total_count: Option<u64>,
    /// Items seen so far, this page's included.
    seen: u64,
}

impl AfterPage {
    /// Whether the links say more pages follow; `None` when they say nothing. A page without a `next` link says
    /// "last" only once the server has shown that it writes them: Atlas documents `links` without promising one.
    fn links_say_more(&self) -> Option<bool> {
        match self.next_link {
            Some(true) => Some(true),
            Some(false) if self.writes_next_links => Some(false),
            _ => None,
        }
    }

    /// Whether `totalCount` says more items follow; `None` without it.
    fn total_says_more(&self) -> Option<bool> {
        self.total_count.map(|total| self.seen < total)
    }

    /// The stop rule. An empty page ends the walk. Otherwise the walk goes on when any signal says more follows;
    /// when none does, a short page ends it, and a full one ends it only if some signal said it was the last (with
    /// no signal at all, the next page — short or empty — will tell). So the price of never stopping early is at
    /// most one extra request, paid only when signals are missing or disagree. Page numbers cannot overflow.
    fn decide(&self) -> Decision {
        let signals = [self.links_say_more(), self.total_says_more()];
        let any_says_more = signals.contains(&Some(true));
        let some_says_last = signals.contains(&Some(false));
        let full = self.count >= self.items_per_page as usize;
        let more = self.count > 0 && (any_says_more || (full && !some_says_last));
        match self.number.checked_add(1) {
            Some(next) if more => Decision::Next(next),
            _ => Decision::Last,
        }
    }

    /// Both signals present and contradicting each other: what a warning should say, naming both.
    fn disagreement(&self) -> Option<String> {
        let total = self.total_count?;
        let (links_more, total_more) = (self.next_link?, self.total_says_more()?);
        (links_more != total_more).then(|| {
            let links = if links_more { "a `next` link" } else { "no `next` link" };
            format!(
                "the page has {links} but totalCount is {total} after {} items",
                self.seen
            )
        })
    }
}

/// Where a walk over the pages stands.
#[derive(Debug, Clone, Copy)]
struct Walk {
    next: Option<u32>,
    seen: u64,
    /// A fingerprint of the previous page's items, to notice a server that sends the same page again.
    previous: Option<u64>,
    /// Some page of this walk had a `next` link.
    writes_next_links: bool,
}

/// Identifies a page by its length and its first and last items, cheaply and for any item type: serializing
/// whole pages cost a third of a full listing's time (see the `stream` benchmark), and a server that ignores
/// `pageNum` repeats the whole page, ends included.
fn fingerprint<T: serde::Serialize>(items: &[T]) -> u64 {
    let mut hasher = HashWriter(DefaultHasher::new());
    hasher.0.write_usize(items.len());
    for item in [items.first(), items.last()].into_iter().flatten() {
        // Writing into a hasher cannot fail; a value that cannot be serialized adds nothing more.
        let _ = serde_json::to_writer(&mut hasher, item);
    }
    hasher.0.finish()
}

/// A hasher as an `io::Write`, so items are hashed as they serialize, without a buffer.
struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn after_page() -> impl Strategy<Value = AfterPage> {
        (
            any::<u32>(),
            0usize..1000,
            1u32..=MAX_ITEMS_PER_PAGE,
            proptest::option::of(any::<bool>()),
            any::<bool>(),
            proptest::option::of(prop_oneof![any::<u64>(), 0u64..2000]),
            prop_oneof![any::<u64>(), 0u64..2000],
        )
            .prop_map(
                |(number, count, items_per_page, next_link, writes_next_links, total_count, seen)| AfterPage {
                    number,
                    count,
                    items_per_page,
                    next_link,
                    writes_next_links,
                    total_count,
                    seen,
                },
            )
    }

    proptest! {
        #[test]
        fn the_walk_never_stops_early_and_never_overflows(after in after_page()) {
            let decision = after.decide();
            if let Decision::Next(next) = decision {
                prop_assert_eq!(u64::from(next), u64::from(after.number) + 1);
                prop_assert!(after.count > 0, "an empty page is always the last");
            }
            let can_go_on = after.count > 0 && after.number < u32::MAX;
            let full = after.count >= after.items_per_page as usize;
            // The 777 case: a full page while totalCount exceeds what was seen is never the last.
            if can_go_on && full && after.total_count.is_some_and(|total| after.seen < total) {
                prop_assert_eq!(decision, Decision::Next(after.number + 1));
            }
            // A `next` link is always followed.
            if can_go_on && after.next_link == Some(true) {
                prop_assert_eq!(decision, Decision::Next(after.number + 1));
            }
            // With no signal at all, only a short or empty page ends the walk.
            if can_go_on && full && after.total_count.is_none() && after.next_link != Some(true)
                && !(after.next_link == Some(false) && after.writes_next_links)
            {
                prop_assert_eq!(decision, Decision::Next(after.number + 1));
            }
        }

        #[test]
        fn a_full_page_ends_the_walk_only_when_every_signal_agrees(after in after_page()) {
            let full = after.count >= after.items_per_page as usize;
            if full && after.decide() == Decision::Last && after.number < u32::MAX {
                prop_assert!(after.links_say_more() != Some(true));
                prop_assert!(after.total_says_more() != Some(true));
                prop_assert!(after.links_say_more().is_some() || after.total_says_more().is_some(),
                    "a full page with no signal is never the last");
            }
        }

        #[test]
        fn a_disagreement_names_both_signals(after in after_page()) {
            if let Some(message) = after.disagreement() {
                prop_assert!(message.contains("next` link"), "{}", message);
                prop_assert!(message.contains("totalCount is"), "{}", message);
                prop_assert_eq!(after.decide() == Decision::Last, after.count == 0 || after.number == u32::MAX);
            }
        }
    }

    #[test]
    fn the_777_case_goes_on_past_a_full_first_page_with_only_a_self_link() {
        let after = AfterPage {
            number: 1,
            count: 500,
            items_per_page: 500,
            next_link: Some(false),
            writes_next_links: false,
            total_count: Some(777),
            seen: 500,
        };
        assert_eq!(after.decide(), Decision::Next(2));
        assert_eq!(
            after.disagreement().as_deref(),
            Some("the page has no `next` link but totalCount is 777 after 500 items")
        );
        let last = AfterPage {
            number: 2,
            count: 277,
            seen: 777,
            ..after
        };
        assert_eq!(last.decide(), Decision::Last);
        assert_eq!(last.disagreement(), None);
    }

    #[test]
    fn the_fingerprint_tells_pages_apart_by_their_ends() {
        assert_eq!(fingerprint(&[1, 2, 3]), fingerprint(&[1, 2, 3]));
        assert_ne!(fingerprint(&[1, 2, 3]), fingerprint(&[4, 5, 6]));
        assert_ne!(fingerprint(&[1, 2]), fingerprint(&[1, 2, 2]));
        assert_ne!(fingerprint::<u8>(&[]), fingerprint(&[0]));
    }
}
