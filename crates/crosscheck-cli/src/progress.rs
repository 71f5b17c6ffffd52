//! Progress on a terminal: the engine's events drawn as bars, skipped inputs as warnings.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crosscheck::ingest::IngestError;
use crosscheck_engine::{Events, Step};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws bars (when `bars`), prints each skipped input (when `warn`) and each step's wall
/// time (when `timings`) on standard error.
pub struct Terminal {
    bars: bool,
    warn: bool,
    timings: bool,
    step_started: Mutex<Option<(Step, std::time::Instant)>>,
    bar: Mutex<Option<ProgressBar>>,
    files: AtomicU64,
    files_done: AtomicU64,
}

impl Terminal {
    /// Bars only when `bars` (a terminal, not `--quiet`); warnings when `warn`.
    pub fn new(bars: bool, warn: bool, timings: bool) -> Terminal {
        Terminal {
            bars,
            warn,
            timings,
            step_started: Mutex::new(None),
            bar: Mutex::new(None),
            files: AtomicU64::new(0),
            files_done: AtomicU64::new(0),
        }
    }

    fn with_bar(&self, f: impl FnOnce(&ProgressBar)) {
        if let Ok(bar) = self.bar.lock() {
            if let Some(bar) = bar.as_ref() {
                f(bar);
            }
        }
    }

    fn replace_bar(&self, bar: Option<ProgressBar>) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(old) = slot.take() {
                old.finish_and_clear();
            }
            *slot = bar;
        }
    }

    fn new_bar(&self, length: u64, template: &str) -> Option<ProgressBar> {
        if !self.bars {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Some(bar)
    }
}

impl Events for Terminal {
    fn reading(&self, files: u64, bytes: u64) {
        self.files.store(files, Ordering::Relaxed);
        let bar = self.new_bar(
            bytes,
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {msg}) eta {eta}",
        );
        if let Some(bar) = &bar {
            bar.set_message(format!("0/{files} files"));
        }
        self.replace_bar(bar);
    }

    fn file_read(&self, bytes: u64) {
        let done = self.files_done.fetch_add(1, Ordering::Relaxed) + 1;
        let files = self.files.load(Ordering::Relaxed);
        self.with_bar(|bar| {
            bar.inc(bytes);
            bar.set_message(format!("{done}/{files} files"));
        });
    }

    fn skipped(&self, problem: &IngestError) {
        if !self.warn {
            return;
        }
        let line = format!("crosscheck: skipped {problem}");
        let mut shown = false;
        self.with_bar(|bar| {
            bar.println(&line);
            shown = true;
        });
        if !shown {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{line}");
            }
        }
    }

    fn reading_done(&self) {
        self.replace_bar(None);
    }

    fn step(&self, step: Step) {
        if let Ok(mut started) = self.step_started.lock() {
            *started = Some((step, std::time::Instant::now()));
        }
        let bar = self.new_bar(
            0,
            "{spinner} [{elapsed_precise}] {msg} {wide_bar} {pos}/{len} eta {eta}",
        );
        if let Some(bar) = &bar {
            bar.set_message(step.describe());
        }
        self.replace_bar(bar);
    }

    fn progress(&self, done: u64, total: u64) {
        self.with_bar(|bar| {
            bar.set_length(total);
            bar.set_position(done);
        });
    }

    fn step_done(&self) {
        self.replace_bar(None);
        let started = self.step_started.lock().ok().and_then(|mut s| s.take());
        if let (true, Some((step, at))) = (self.timings, started) {
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "crosscheck: {}: {:.2}s",
                    step.describe(),
                    at.elapsed().as_secs_f64()
                );
            }
        }
    }
}
