//! Any Atlas list, one page at a time or as one stream across all pages.
//!
//! Atlas paginates every list alike: `pageNum`/`itemsPerPage` in, `{links, results, totalCount}` out, with a
//! `next` link and a `totalCount` (omitted with `includeCount=false`, and an estimate) saying there is more.
//! progenitor only generates streams for Dropshot's convention, so this module walks the pages itself, holding one
//! page at a time, for any list operation that implements [`ListOperation`] (see `restore_jobs.rs`).

use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::num::NonZeroU32;

use futures_util::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;

use crate::capture::capturing;
use crate::error::Error;
use crate::retry::RateLimit;
use crate::types::{ApiError, Links};
use crate::{Client, ResponseValue};

/// Atlas' largest page: fewest round trips for a full listing.
pub const MAX_ITEMS_PER_PAGE: u32 = 500;

/// The shape of every Atlas page: links, results, and maybe a total count.
pub trait AtlasPage: DeserializeOwned + Send + 'static {
    /// What the list holds (a restore job).
    type Item: Send + 'static;
    /// The page's `links`, where Atlas says whether a `next` page exists.
    fn links(&self) -> Option<&Links>;
    /// The items of this page; empty past the last page.
    fn results(&self) -> &[Self::Item];
    /// The items, owned, for the stream of all of them.
    fn into_results(self) -> Vec<Self::Item>;
    /// `totalCount` (an estimate; absent with `includeCount=false`), widened so no page arithmetic overflows.
    fn total_count(&self) -> Option<i64>;
    /// Hash what identifies `item` (its ids and dates), to notice a server that sends the same page twice.
    fn hash_item<H: Hasher>(item: &Self::Item, hasher: &mut H);
}

/// One paginated list operation of the generated client, with its path parameters already checked.
pub trait ListOperation: Clone + Send + Sync {
    /// The generated page type the operation returns.
    type Page: AtlasPage;
    /// Send the generated request for one page.
    fn fetch(
        &self,
        client: &Client,
        query: PageQuery,
    ) -> impl Future<Output = Result<ResponseValue<Self::Page>, progenitor_client::Error<ApiError>>> + Send;
}

/// The query of one page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageQuery {
    /// Which page, from 1.
    pub page_num: NonZeroU32,
    /// How many items a page holds (1 to [`MAX_ITEMS_PER_PAGE`]).
    pub items_per_page: u32,
    /// Whether Atlas should count the items (`includeCount`); `None` leaves its default (true).
    pub include_count: Option<bool>,
}

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
        let links = self.content.links()?;
        Some(links.iter().any(|link| link.rel.as_deref() == Some("next")))
    }
}

/// A listing of one Atlas list. Made by [`Client::flex_restore_jobs`] and [`Client::restore_jobs`].
#[derive(Debug, Clone)]
pub struct Listing<'a, L> {
    pub(crate) client: &'a Client,
    /// The operation with its checked path parameters, or why they are not valid.
    pub(crate) operation: Result<L, String>,
    items_per_page: u32,
    include_count: Option<bool>,
    first_page: u32,
}

impl<'a, L: ListOperation + 'a> Listing<'a, L> {
    /// A listing of `operation` (or of the reason its arguments are invalid, reported by the first call).
    pub(crate) fn new(client: &'a Client, operation: Result<L, String>) -> Self {
        Listing {
            client,
            operation,
            items_per_page: MAX_ITEMS_PER_PAGE,
            include_count: None,
            first_page: 1,
        }
    }

    /// Items per page, 1 to 500 (default 500).
    pub fn items_per_page(mut self, items: u32) -> Self {
        if !(1..=MAX_ITEMS_PER_PAGE).contains(&items) {
            self.operation = Err(format!("items per page must be 1 to {MAX_ITEMS_PER_PAGE}, not {items}"));
        }
        self.items_per_page = items;
        self
    }

    /// Ask Atlas to count the whole result set (`includeCount`, Atlas' default is true). Counting costs the
    /// server time; the stream ends correctly without it.
    pub fn include_count(mut self, include: bool) -> Self {
        self.include_count = Some(include);
        self
    }

    /// The page a stream starts from (default 1).
    pub fn first_page(mut self, page: u32) -> Self {
        if page == 0 {
            self.operation = Err("page numbers start at 1".into());
        }
        self.first_page = page;
        self
    }

    /// Fetch page `number` (from 1).
    pub async fn page(&self, number: u32) -> Result<Page<L::Page>, Error> {
        let operation = self.operation.clone().map_err(Error::InvalidRequest)?;
        let page_num =
            NonZeroU32::new(number).ok_or_else(|| Error::InvalidRequest("page numbers start at 1".into()))?;
        let query = PageQuery {
            page_num,
            items_per_page: self.items_per_page,
            include_count: self.include_count,
        };
        let (result, ending) = capturing(operation.fetch(self.client, query)).await;
        match result {
            Ok(response) => Ok(Page {
                number,
                rate_limit: RateLimit::from_headers(response.headers()),
                content: response.into_inner(),
            }),
            Err(e) => Err(Error::from_generated::<L::Page>(e, ending).await),
        }
    }

    /// Every page from [`Listing::first_page`] on, fetched as the stream is polled. It ends after the last page
    /// (no `next` link, a short or empty page, or `totalCount` reached) and after the first error, which it yields.
    /// Boxed, so that it can be polled with `.next()` without pinning it first.
    pub fn pages(self) -> BoxStream<'a, Result<Page<L::Page>, Error>> {
        let start = Walk {
            next: Some(self.first_page),
            seen: 0,
            previous: None,
        };
        stream::unfold((self, start), |(listing, walk)| async move {
            let number = walk.next?;
            let (item, walk) = listing.step(number, walk).await?;
            Some((item, (listing, walk)))
        })
        .boxed()
    }

    /// Every item, page after page, holding one page in memory at a time.
    pub fn items(self) -> BoxStream<'a, Result<<L::Page as AtlasPage>::Item, Error>> {
        self.pages()
            .flat_map(|page| match page {
                Ok(page) => stream::iter(page.content.into_results().into_iter().map(Ok)).left_stream(),
                Err(e) => stream::iter([Err(e)]).right_stream(),
            })
            .boxed()
    }

    /// Every restore job across all pages: [`Listing::items`] under the name callers look for.
    pub fn jobs(self) -> BoxStream<'a, Result<<L::Page as AtlasPage>::Item, Error>> {
        self.items()
    }

    /// Fetch page `number` and decide whether there is another.
    async fn step(&self, number: u32, mut walk: Walk) -> Option<(Result<Page<L::Page>, Error>, Walk)> {
        let stop = Walk { next: None, ..walk };
        let page = match self.page(number).await {
            Ok(page) => page,
            Err(e) => return Some((Err(e), stop)),
        };
        let count = page.content.results().len();
        if count == 0 && number > self.first_page {
            return None; // past the last page: nothing to yield
        }
        let fingerprint = fingerprint(&page.content);
        if count > 0 && walk.previous == Some(fingerprint) {
            let message = format!(
                "page {number} repeats page {} (the server ignores pageNum?)",
                number - 1
            );
            return Some((Err(Error::Pagination(message)), stop));
        }
        walk.seen = walk.seen.saturating_add(count as u64);
        walk.previous = Some(fingerprint);
        walk.next = next_page_number(
            number,
            count,
            self.items_per_page,
            page.has_next_link(),
            page.content.total_count(),
            walk.seen,
        );
        Some((Ok(page), walk))
    }
}

/// The page to fetch after page `number`, or `None` when it was the last: it was short, it has no `next` link, or
/// `totalCount` is reached. Every input but `items_per_page` comes from the server, so nothing here can overflow.
fn next_page_number(
    number: u32,
    count: usize,
    items_per_page: u32,
    has_next_link: Option<bool>,
    total_count: Option<i64>,
    seen: u64,
) -> Option<u32> {
    let short = count < items_per_page as usize;
    let total_reached = total_count.is_some_and(|total| seen >= u64::try_from(total).unwrap_or(0));
    if short || has_next_link == Some(false) || total_reached {
        return None;
    }
    number.checked_add(1)
}

/// Where a walk over the pages stands.
#[derive(Debug, Clone, Copy)]
struct Walk {
    next: Option<u32>,
    seen: u64,
    /// A fingerprint of the previous page's items, to notice a server that sends the same page again.
    previous: Option<u64>,
}

/// Identifies a page by a few identifying fields of its items, cheaply: serializing whole pages here cost a third
/// of a full listing's time (see the `stream` benchmark).
fn fingerprint<P: AtlasPage>(page: &P) -> u64 {
    let mut hasher = DefaultHasher::new();
    page.results().len().hash(&mut hasher);
    for item in page.results() {
        P::hash_item(item, &mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Link, PaginatedServerlessRestoreJobs};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_next_page_never_overflows_and_follows_the_stop_rules(
            number in any::<u32>(),
            count in 0usize..1000,
            items_per_page in 1u32..=MAX_ITEMS_PER_PAGE,
            has_next_link in proptest::option::of(any::<bool>()),
            total_count in proptest::option::of(any::<i64>()),
            seen in any::<u64>(),
        ) {
            let next = next_page_number(number, count, items_per_page, has_next_link, total_count, seen);
            if let Some(next) = next {
                prop_assert_eq!(u64::from(next), u64::from(number) + 1);
                prop_assert!(count >= items_per_page as usize);
                prop_assert!(has_next_link != Some(false));
                prop_assert!(total_count.is_none_or(|total| total > 0 && seen < total as u64));
            } else {
                let full_and_open = count >= items_per_page as usize
                    && has_next_link != Some(false)
                    && total_count.is_none_or(|total| total > 0 && seen < total as u64);
                prop_assert!(!full_and_open || number == u32::MAX);
            }
        }

        #[test]
        fn a_next_link_is_found_whatever_the_other_links_say(
            rels in proptest::collection::vec(proptest::option::of("[a-z]{0,6}"), 0..6),
        ) {
            let links: Vec<Link> = rels
                .iter()
                .map(|rel| Link { href: None, rel: rel.clone() })
                .collect();
            let page: Page<PaginatedServerlessRestoreJobs> = Page {
                number: 1,
                content: PaginatedServerlessRestoreJobs {
                    links: Some(links.into()),
                    results: Vec::new(),
                    status: None,
                    total_count: None,
                },
                rate_limit: RateLimit::default(),
            };
            let expected = rels.iter().any(|rel| rel.as_deref() == Some("next"));
            prop_assert_eq!(page.has_next_link(), Some(expected));
        }
    }
}
