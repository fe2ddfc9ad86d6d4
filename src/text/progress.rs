//! A one-line progress counter for long scans ("reading history: 12,345 / 100,000 commits"),
//! drawn with `\r` on a terminal's stderr. The caller decides whether there is a terminal (see
//! [`crate::text::term::detect_progress`]) and passes `None` otherwise: pipes, CI logs and tests get nothing.

use std::io::Write;
use std::time::{Duration, Instant};

/// Nothing is drawn for scans shorter than this: a fast command stays silent.
const DELAY: Duration = Duration::from_millis(500);
/// Redraws at most this often.
const INTERVAL: Duration = Duration::from_millis(100);

/// A counter that appears after [`DELAY`] and is erased by [`Progress::finish`] (or on drop).
pub struct Progress<'w> {
    out: Option<&'w mut dyn Write>,
    label: &'static str,
    unit: &'static str,
    start: Instant,
    last: Option<Instant>,
    /// Characters on the line now, to blank them out at the end.
    drawn: usize,
}

impl<'w> Progress<'w> {
    /// A counter on `out`; `None` draws nothing.
    pub fn new(out: Option<&'w mut dyn Write>, label: &'static str, unit: &'static str) -> Self {
        Progress {
            out,
            label,
            unit,
            start: Instant::now(),
            last: None,
            drawn: 0,
        }
    }

    /// Reports `done` of `total`; draws when the scan has run long enough.
    pub fn tick(&mut self, done: usize, total: usize) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let now = Instant::now();
        if now.duration_since(self.start) < DELAY
            || self.last.is_some_and(|l| now.duration_since(l) < INTERVAL)
        {
            return;
        }
        self.last = Some(now);
        let line = format!(
            "{}: {} / {} {}",
            self.label,
            thousands(done),
            thousands(total),
            self.unit
        );
        let pad = self.drawn.saturating_sub(line.len());
        let _ = write!(out, "\r{line}{}", " ".repeat(pad));
        let _ = out.flush();
        self.drawn = line.len();
    }

    /// Erases the line, leaving the cursor where it was before the counter appeared.
    pub fn finish(&mut self) {
        if self.drawn == 0 {
            return;
        }
        if let Some(out) = self.out.as_mut() {
            let _ = write!(out, "\r{}\r", " ".repeat(self.drawn));
            let _ = out.flush();
        }
        self.drawn = 0;
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `12345` as `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn a_short_scan_draws_nothing_and_a_long_one_is_erased() {
        let mut buf: Vec<u8> = Vec::new();
        {
            let mut p = Progress::new(Some(&mut buf), "reading history", "commits");
            p.tick(1, 10);
            p.finish();
        }
        assert!(buf.is_empty(), "quiet before the delay");

        let mut buf: Vec<u8> = Vec::new();
        {
            let mut p = Progress::new(Some(&mut buf), "reading history", "commits");
            p.start -= DELAY; // as if it had run for a while
            p.tick(12_345, 100_000);
        } // dropped: erased
        let text = String::from_utf8(buf).unwrap();
        assert!(
            text.starts_with("\rreading history: 12,345 / 100,000 commits"),
            "{text:?}"
        );
        assert!(text.ends_with('\r'), "erased at the end: {text:?}");
    }
}
