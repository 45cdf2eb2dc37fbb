//! How the `cargo xtask` process takes memory: its allocator and the two settings made before any thread starts.
//! Declared by `main.rs`; not part of the library (a library does not choose its users' allocator).

// A review of a vendor document allocates and frees millions of small values (JSON, tokens, syntax trees) on three
// threads: with glibc's allocator a fifth of its time went to malloc and free, and a tenth to zeroing new pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc gives freed memory back to the OS a second later, and the next allocation takes it back, zeroed anew by
/// the kernel: in a review that was a fifth of the CPU time (system time 0.3–0.65 s of 2.5 s on two Atlas
/// revisions). A command lives seconds and frees everything at exit, so it keeps what it freed. Set by index: the
/// bindings do not name this option (`mi_option_purge_delay` of mimalloc 3's `mi_option_e`), so the index is used
/// only while the option there holds its default (1000 ms, `options.c`); an environment's `MIMALLOC_PURGE_DELAY`
/// wins.
pub(crate) fn keep_freed_memory() {
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const DEFAULT_PURGE_DELAY_MS: std::ffi::c_long = 1000;
    // SAFETY: reading and setting an option is what mimalloc's API is for; this runs before any other thread.
    unsafe {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
            && libmimalloc_sys::mi_option_get(PURGE_DELAY) == DEFAULT_PURGE_DELAY_MS
        {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
    }
}

/// Transparent huge pages off for this process, unless `MIMALLOC_ALLOW_THP` says otherwise. The VM this project
/// is measured on hands memory a process frees back to its host within seconds, and the next process to touch it
/// waits for the host: with huge pages that wait was 0.2–1.3 s of system time in a review run after a pause (up to
/// a third of a `--partial` review of Atlas' documents), with 4 KiB pages 0.1–0.35 s, steady; run back to back,
/// huge pages were 0.05–0.1 s faster (docs/performance.md).
pub(crate) fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes integers and changes only this process's use of huge pages; should it
        // fail, the process runs as before.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}
