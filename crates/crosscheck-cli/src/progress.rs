//! Progress reporting: a bar over input bytes on a terminal, nothing otherwise.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that may be switched off.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `bytes` of input in `files` files; hidden when `enabled` is false or
    /// standard error is not a terminal.
    pub fn new(enabled: bool, bytes: u64, files: u64) -> Progress {
        if !enabled {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {msg}) eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(format!("0/{files} files"));
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// A bar for a corpus stage, counting items (`set` gives the total as it becomes known).
    pub fn stage(enabled: bool, what: &str) -> Progress {
        if !enabled {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {msg} {wide_bar} {pos}/{len} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Set a stage bar to `done` of `total`.
    pub fn set(&self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    /// One more file read, of `bytes` bytes.
    pub fn file_done(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            let done = bar.message();
            let (n, total) = done.split_once('/').unwrap_or(("0", "0 files"));
            let n: u64 = n.parse().unwrap_or(0) + 1;
            bar.set_message(format!("{n}/{total}"));
        }
    }

    /// Print a line above the bar (or to standard error when there is no bar).
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            #[allow(clippy::print_stderr)]
            None => eprintln!("{line}"),
        }
    }

    /// Remove the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
