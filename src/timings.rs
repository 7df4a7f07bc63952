//! Per-stage wall-clock timings of a run (`handbook build --timings`) and the progress bar shown
//! on long builds in a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::fmt;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// The stages [`crate::pipeline`] runs, in order; the progress bar counts through them.
pub const STAGES: [&str; 8] = ["load", "validate", "resolve", "markdown", "graph", "templates", "search", "write"];

/// Builds of more pages than this (both languages together) show a progress bar.
pub const PROGRESS_MIN_PAGES: usize = 500;

/// Whether a progress bar may be drawn: stderr is a terminal and the run is not in CI.
pub fn progress_wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// A stopwatch that records how long each named stage took.
pub struct Timings {
    started: Instant,
    current: Option<(&'static str, Instant, Option<Duration>)>,
    stages: Vec<Stage>,
    progress: bool,
    bar: Option<ProgressBar>,
}

impl Timings {
    /// Starts the clock; `progress` allows a progress bar once the run turns out to be long.
    pub fn start(progress: bool) -> Timings {
        Timings { started: Instant::now(), current: None, stages: Vec::new(), progress, bar: None }
    }

    /// Ends the running stage (if any) and starts `stage`.
    pub fn stage(&mut self, stage: &'static str) {
        let now = Instant::now();
        let cpu = cpu_time();
        if let Some((name, since, cpu_since)) = self.current.replace((stage, now, cpu)) {
            let cpu = cpu.zip(cpu_since).map(|(now, since)| now.saturating_sub(since));
            self.stages.push(Stage { name, time: now - since, cpu, peak_memory: peak_memory() });
        }
        if let Some(bar) = &self.bar {
            if let Some(i) = STAGES.iter().position(|s| *s == stage) {
                bar.set_position(i as u64);
            }
            bar.set_message(stage);
        }
    }

    /// Shows the progress bar from now on if the site has more than [`PROGRESS_MIN_PAGES`] pages.
    pub fn progress_if_long(&mut self, pages: usize) {
        if !self.progress || pages <= PROGRESS_MIN_PAGES || self.bar.is_some() {
            return;
        }
        let bar = ProgressBar::new(STAGES.len() as u64);
        let style = ProgressStyle::with_template("{spinner} building {prefix} content files [{bar:24}] {pos}/{len} {msg} {elapsed}")
            .expect("a valid progress template")
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(pages.to_string());
        if let Some((name, _, _)) = self.current {
            bar.set_message(name);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        self.bar = Some(bar);
    }

    /// Ends the last stage, clears the progress bar, and returns the stage times and the total.
    pub fn finish(mut self) -> (StageTimes, Duration) {
        self.stage("");
        self.current = None;
        let stages = std::mem::take(&mut self.stages);
        (StageTimes(stages), self.started.elapsed())
    }
}

impl Drop for Timings {
    /// A failed run leaves no half-drawn bar above its diagnostics.
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// One finished stage.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    /// Processor time of all the process's threads during the stage (user and system), where the
    /// system reports it: more than `time` when the stage kept several cores busy.
    pub cpu: Option<Duration>,
    /// The process's peak resident memory so far, in bytes, where the system reports it.
    pub peak_memory: Option<u64>,
}

/// How long each stage of a finished run took, in order.
#[derive(Debug, Clone, Default)]
pub struct StageTimes(pub Vec<Stage>);

impl StageTimes {
    /// The time of one stage, if it ran.
    pub fn get(&self, stage: &str) -> Option<Duration> {
        self.0.iter().find(|s| s.name == stage).map(|s| s.time)
    }
}

impl fmt::Display for StageTimes {
    /// One line per stage: `templates   1234.5 ms   2310 ms cpu   412 MB peak`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for stage in &self.0 {
            write!(f, "{:<10} {:>9.1} ms", stage.name, stage.time.as_secs_f64() * 1000.0)?;
            if let Some(cpu) = stage.cpu {
                write!(f, " {:>7} ms cpu", cpu.as_millis())?;
            }
            match stage.peak_memory {
                Some(bytes) => writeln!(f, " {:>6} MB peak", bytes / (1024 * 1024))?,
                None => writeln!(f)?,
            }
        }
        Ok(())
    }
}

/// The processor time this process's threads have used so far, user and system (`utime` and
/// `stime` of `/proc/self/stat`, in clock ticks of 10 ms).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces): utime and
    // stime are the 12th and 13th.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let ticks: u64 = fields.next()?.parse::<u64>().ok()? + fields.next()?.parse::<u64>().ok()?;
    const TICKS_PER_SECOND: u64 = 100;
    Some(Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND))
}

/// The peak resident memory of this process (`VmHWM` on Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    let kb: u64 = line.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stages_in_order_and_prints_one_line_each() {
        let mut t = Timings::start(false);
        t.stage("load");
        t.stage("validate");
        let (stages, _) = t.finish();
        let names: Vec<&str> = stages.0.iter().map(|s| s.name).collect();
        assert_eq!(names, ["load", "validate"]);
        let text = stages.to_string();
        assert_eq!(text.lines().count(), 2);
        assert!(text.lines().all(|l| l.split_whitespace().nth(2) == Some("ms")), "{text}");
        if cfg!(target_os = "linux") {
            assert!(text.lines().all(|l| l.ends_with(" MB peak")), "{text}");
        }
    }
}
