//! A review's generated sides, kept under `target/xtask-cache/review/`: a revision reviewed again — a pull
//! request's base, reviewed against each of its heads, or both sides of a review run twice — is read back instead
//! of generated again (generating a vendor document in full is most of a plain review's time).
//!
//! An entry is named by a SHA-256 of everything its content depends on: the generator (the running executable's
//! bytes, so any change to xtask or to any dependency it was built with names other entries), this file's format,
//! the generation options, the spec's path as messages name it, the review's path filter and the spec's text (a
//! document split over files: the one document made of them). The same name can only come from the same inputs, so an entry is either
//! missing, or unreadable (then the side is generated and the entry written again), never stale. Entries are
//! written whole (a temporary file renamed into place) and the oldest are removed beyond [`KEEP`]. Beside an entry
//! of a side that generated, an empty `<name>.generates` says so without reading the entry; it is written after
//! the entry and removed with it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Bumped when what the review stores changes form (the executable's hash changes then too; this says it twice).
const FORMAT: &str = "xtask review cache 1";

/// How many entries are kept: a pull request's base and a few heads; a side of a vendor document is up to 25 MB.
pub const KEEP: usize = 8;

/// Where entries are kept, and which generator wrote them.
pub struct Cache {
    dir: PathBuf,
    /// The running executable's SHA-256, read when first needed (a scoped review never needs it); `None` when it
    /// cannot be read, and then nothing is cached.
    generator: OnceLock<Option<[u8; 32]>>,
    /// How many sides were read back: tests ask, to know a review used the cache.
    hits: AtomicUsize,
    scoped: AtomicUsize,
}

impl Cache {
    /// The cache in `dir`, for the running executable.
    pub fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            generator: OnceLock::new(),
            hits: AtomicUsize::new(0),
            scoped: AtomicUsize::new(0),
        }
    }

    fn generator(&self) -> Option<&[u8; 32]> {
        self.generator
            .get_or_init(|| {
                let _t = crate::timing::stage("cache: hash the generator");
                let mut hasher = Sha256::new();
                let mut exe = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
                std::io::copy(&mut exe, &mut HashWriter(&mut hasher)).ok()?;
                Some(hasher.finalize().into())
            })
            .as_ref()
    }

    /// How many sides this cache has given back so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The name of the entry for a side generated from `inputs`: everything the generation reads besides the
    /// generator (the spec's text, the options, the path filter, the path messages name).
    pub(super) fn key(&self, inputs: &[&[u8]]) -> Option<String> {
        let mut hasher = Sha256::new();
        for part in [FORMAT.as_bytes(), self.generator()?]
            .into_iter()
            .chain(inputs.iter().copied())
        {
            // Each part with its length: no two different lists of parts hash the same bytes.
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        Some(hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect())
    }

    /// The value stored as `key`, if there is a readable one.
    pub(super) fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let path = self.entry(key);
        let value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
        // Used now: the oldest-first removal keeps what is read as well as what is written.
        let _ = std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|file| file.set_modified(std::time::SystemTime::now()));
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(value)
    }

    /// Store `value` as `key`. A cache that cannot be written is no cache: the review goes on without it.
    pub(super) fn put<T: Serialize>(&self, key: &str, value: &T) {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut file = tempfile::NamedTempFile::new_in(&self.dir)?;
            serde_json::to_writer(std::io::BufWriter::new(file.as_file_mut()), value)?;
            file.persist(self.entry(key)).map_err(|e| e.error)?;
            Ok(())
        };
        if write().is_ok() {
            remove_oldest(&self.dir, KEEP);
        }
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// Whether an entry is stored as `key` (not read: a vendor document's side is 25 MB).
    pub(super) fn holds(&self, key: &str) -> bool {
        self.entry(key).is_file()
    }

    /// Record that the side stored as `key` generates in full. An empty file of its own, written after the entry,
    /// so that knowing it reads nothing; it goes when its entry goes.
    pub(super) fn put_generates(&self, key: &str) {
        if self.holds(key) {
            let _ = std::fs::write(self.dir.join(format!("{key}.{GENERATES}")), b"");
        }
    }

    /// Whether the side named `key` is known to generate in full ([`Cache::put_generates`]).
    pub(super) fn generates(&self, key: &str) -> bool {
        self.dir.join(format!("{key}.{GENERATES}")).is_file()
    }

    /// Count a plain review that generated only the changed operations, its base known to generate.
    pub(super) fn count_scoped(&self) {
        self.scoped.fetch_add(1, Ordering::Relaxed);
    }

    /// How many plain reviews generated only the changed operations: tests ask.
    pub fn scoped_reviews(&self) -> usize {
        self.scoped.load(Ordering::Relaxed)
    }
}

/// The extension of the record that a side generates in full.
const GENERATES: &str = "generates";

/// Keep the `keep` newest entries of `dir`.
fn remove_oldest(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "json"))
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .collect();
    found.sort();
    let excess = found.len().saturating_sub(keep);
    for (_, path) in found.into_iter().take(excess) {
        let _ = std::fs::remove_file(path.with_extension(GENERATES));
        let _ = std::fs::remove_file(path);
    }
}

/// Bytes written into a hash: serializing into it hashes a document without holding its text.
struct HashWriter<'a>(&'a mut Sha256);

impl Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rust_api;

    fn cache(dir: &Path, generator: u8) -> Cache {
        Cache {
            dir: dir.to_owned(),
            generator: OnceLock::from(Some([generator; 32])),
            hits: AtomicUsize::new(0),
            scoped: AtomicUsize::new(0),
        }
    }

    /// What a review stores: a side's public API (or why there is none), here without the rest of a side.
    type Stored = Result<rust_api::Api, String>;

    fn api() -> rust_api::Api {
        let code = "pub mod types { pub struct Job { pub id: Option<String> } } pub struct Client;";
        rust_api::public_api(code).unwrap()
    }

    #[test]
    fn every_input_and_the_generator_name_a_different_entry() {
        let dir = tempfile::tempdir().unwrap();
        let inputs: [&[u8]; 3] = [b"options", b"spec.yaml", b"openapi: 3.0.3"];
        let key = cache(dir.path(), 1).key(&inputs);
        assert_eq!(
            key,
            cache(dir.path(), 1).key(&inputs),
            "the same inputs name the same entry"
        );
        assert_ne!(key, cache(dir.path(), 2).key(&inputs), "another generator");
        for changed in 0..inputs.len() {
            let mut other = inputs;
            other[changed] = b"something else";
            assert_ne!(key, cache(dir.path(), 1).key(&other), "input {changed} changed");
        }
        // Where one part ends and the next begins is part of the name.
        assert_ne!(
            cache(dir.path(), 1).key(&[b"ab", b"c"]),
            cache(dir.path(), 1).key(&[b"a", b"bc"])
        );
    }

    #[test]
    fn a_value_reads_back_as_it_was_stored_and_an_unreadable_entry_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), 1);
        cache.put("ok", &Stored::Ok(api()));
        cache.put(
            "err",
            &Stored::Err("spec.yaml: progenitor rejected the spec: no".into()),
        );
        assert_eq!(cache.get::<Stored>("ok"), Some(Ok(api())));
        assert!(matches!(cache.get::<Stored>("err"), Some(Err(why)) if why.ends_with("rejected the spec: no")));
        assert!(cache.get::<Stored>("missing").is_none());
        std::fs::write(dir.path().join("ok.json"), "{\"Ok\": {\"types::Job\": {\"kind\": \"str").unwrap();
        assert!(
            cache.get::<Stored>("ok").is_none(),
            "a cut entry is a miss, not an error"
        );
        assert_eq!(cache.hits(), 2);
    }

    #[test]
    fn only_the_newest_entries_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), 1);
        for i in 0..KEEP + 3 {
            cache.put(&format!("entry{i}"), &Stored::Err(String::new()));
            // Distinct modification times, oldest first.
            let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + i as u64);
            let file = std::fs::File::options()
                .write(true)
                .open(dir.path().join(format!("entry{i}.json")))
                .unwrap();
            file.set_modified(when).unwrap();
        }
        cache.put("last", &Stored::Err(String::new()));
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, KEEP);
        for gone in 0..4 {
            assert!(
                cache.get::<Stored>(&format!("entry{gone}")).is_none(),
                "entry{gone} is among the oldest"
            );
        }
        assert!(cache.get::<Stored>("last").is_some());
    }

    #[test]
    fn that_a_side_generates_is_known_only_with_its_entry_and_goes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), 1);
        cache.put_generates("nothing");
        assert!(!cache.generates("nothing"), "no entry, nothing known");
        cache.put("side", &Stored::Ok(api()));
        assert!(cache.holds("side") && !cache.generates("side"));
        cache.put_generates("side");
        assert!(cache.generates("side") && !cache.generates("other"));
        for i in 0..KEEP {
            cache.put(&format!("newer{i}"), &Stored::Err(String::new()));
            let when = std::time::SystemTime::now() + std::time::Duration::from_secs(10 + i as u64);
            let path = dir.path().join(format!("newer{i}.json"));
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
        cache.put("last", &Stored::Err(String::new()));
        assert!(
            !cache.holds("side") && !cache.generates("side"),
            "removed with its entry"
        );
    }
}
