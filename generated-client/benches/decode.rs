//! Decoding one 500-job page: the generated types against a hand-written serde model of the same shape.
//!
//! `cargo bench -p generated-client --bench decode`

mod common;

use divan::counter::{BytesCount, ItemsCount};
use divan::{AllocProfiler, Bencher, black_box};
use generated_client::types::PaginatedServerlessRestoreJobs;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn page_bytes() -> Vec<u8> {
    serde_json::to_vec(&common::page(1, 500, 500)).unwrap()
}

#[divan::bench]
fn generated_types(bencher: Bencher) {
    let bytes = page_bytes();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .counter(ItemsCount::new(500usize))
        .bench(|| serde_json::from_slice::<PaginatedServerlessRestoreJobs>(black_box(&bytes)).unwrap());
}

#[divan::bench]
fn hand_written_struct(bencher: Bencher) {
    let bytes = page_bytes();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .counter(ItemsCount::new(500usize))
        .bench(|| serde_json::from_slice::<common::RawPage>(black_box(&bytes)).unwrap());
}
