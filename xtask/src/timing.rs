//! Where a command's time goes, printed to stderr when `XTASK_TIMINGS` is set (`XTASK_TIMINGS=1 cargo xtask diff
//! …`): each stage's wall time as it ends, with the thread it ran on. Off, a stage costs one cached check.

use std::sync::OnceLock;
use std::time::Instant;

/// A stage under way; its time is printed when it is dropped.
pub struct Stage {
    started: Option<(Instant, &'static str)>,
}

/// Start timing `name`.
pub fn stage(name: &'static str) -> Stage {
    static ON: OnceLock<bool> = OnceLock::new();
    let on = *ON.get_or_init(|| std::env::var_os("XTASK_TIMINGS").is_some_and(|v| !v.is_empty()));
    Stage {
        started: on.then(|| (Instant::now(), name)),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some((started, name)) = self.started {
            let thread = std::thread::current();
            eprintln!(
                "timing: {name:<32} {:>7.3} s  ({})",
                started.elapsed().as_secs_f64(),
                thread.name().unwrap_or("-")
            );
        }
    }
}

/// Run `work` as the stage `name`.
pub fn timed<T>(name: &'static str, work: impl FnOnce() -> T) -> T {
    let _stage = stage(name);
    work()
}
