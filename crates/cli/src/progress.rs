//! The progress bar of `extract`, `ingest` and the other batch commands: documents, MB,
//! documents per second and an ETA, on a terminal only, and only once a run has taken more
//! than a second (a quick run should not flicker a bar).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sitrep_model::Document;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `--quiet`: no progress bar.
static QUIET: AtomicBool = AtomicBool::new(false);

pub fn set_quiet(q: bool) {
    QUIET.store(q, Ordering::Relaxed);
}

/// Follows one run over its documents.
pub struct Progress {
    enabled: bool,
    bar: Option<ProgressBar>,
    start: Instant,
    docs: u64,
    bytes: u64,
    /// Size of the input files, for the ETA (unknown for stdin). Document text is counted
    /// against it, which is exact for JSON Lines and text and an estimate for HTML and
    /// compressed archives (the position is held below the end until the run finishes).
    total: Option<u64>,
}

fn size_of(p: &Path) -> u64 {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => std::fs::read_dir(p)
            .map(|rd| rd.filter_map(Result::ok).map(|e| size_of(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

impl Progress {
    /// A bar for a run over `inputs` (empty: stdin). Drawn on stderr only when both stdout
    /// and stderr are terminals and `--quiet` was not given.
    pub fn new(inputs: &[PathBuf]) -> Progress {
        let enabled = !QUIET.load(Ordering::Relaxed)
            && std::io::stderr().is_terminal()
            && std::io::stdout().is_terminal();
        let total =
            (enabled && !inputs.is_empty()).then(|| inputs.iter().map(|p| size_of(p)).sum());
        Progress {
            enabled,
            bar: None,
            start: Instant::now(),
            docs: 0,
            bytes: 0,
            total,
        }
    }

    /// Counts one document read.
    pub fn doc(&mut self, d: &Document) {
        if !self.enabled {
            return;
        }
        self.docs += 1;
        self.bytes += d.text.len() as u64;
        let elapsed = self.start.elapsed();
        if self.bar.is_none() {
            if elapsed < Duration::from_secs(1) {
                return;
            }
            self.bar = Some(self.make_bar());
        }
        if let Some(bar) = &self.bar {
            if let Some(t) = self.total {
                bar.set_position(self.bytes.min(t.saturating_sub(1)));
            }
            let secs = elapsed.as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} docs, {:.1} MB, {:.0} docs/s",
                self.docs,
                self.bytes as f64 / 1e6,
                self.docs as f64 / secs
            ));
        }
    }

    fn make_bar(&self) -> ProgressBar {
        let (bar, template) = match self.total {
            Some(t) => (
                ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
                "{elapsed_precise} [{bar:30}] {msg}, ETA {eta}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{elapsed_precise} {spinner} {msg}",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        bar
    }

    /// Removes the bar (the command's own summary follows).
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
