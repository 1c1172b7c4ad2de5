//! How `lk` feels on a terminal, and only there: a progress line on standard
//! error for waits over a second, and colour for states. Piped or redirected
//! output gets neither (so scripts and files see plain text), and `NO_COLOR`
//! turns colour off (no-color.org).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Waits shorter than this show no progress line at all.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// One self-overwriting line on standard error.
pub struct Progress {
    live: bool,
    started: Instant,
    shown: bool,
}

impl Progress {
    pub fn new() -> Self {
        Self {
            live: std::io::stderr().is_terminal(),
            started: Instant::now(),
            shown: false,
        }
    }

    /// Shows `text` in place of the previous line, once the wait has lasted.
    pub fn update(&mut self, err: &mut dyn Write, text: &str) {
        if self.live && self.started.elapsed() >= QUIET_FOR {
            let _ = write!(err, "\r\x1b[2K{text}");
            let _ = err.flush();
            self.shown = true;
        }
    }

    /// Clears the line, so what follows starts clean.
    pub fn done(&mut self, err: &mut dyn Write) {
        if self.shown {
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

#[derive(Clone, Copy)]
pub enum Tone {
    Good,
    Bad,
    Waiting,
    Quiet,
}

/// `text` in `tone`'s colour when standard output is a terminal that wants
/// colour; as is otherwise.
pub fn paint(text: &str, tone: Tone) -> String {
    if !colour_wanted() {
        return text.to_owned();
    }
    let code = match tone {
        Tone::Good => "32",
        Tone::Bad => "31",
        Tone::Waiting => "33",
        Tone::Quiet => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// How a provider's project status reads at a glance.
pub fn status_tone(status: &str) -> Tone {
    match status {
        "ACTIVE_HEALTHY" | "active" | "ready" | "idle" => Tone::Good,
        s if s.contains("FAILED") || s.contains("UNHEALTHY") || s == "error" => Tone::Bad,
        "INACTIVE" | "PAUSED" | "REMOVED" => Tone::Quiet,
        _ => Tone::Waiting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_painted_or_shown_off_a_terminal() {
        // Tests run with output captured: not a terminal.
        assert_eq!(paint("ok", Tone::Good), "ok");
        let mut progress = Progress::new();
        let mut err = Vec::new();
        std::thread::sleep(QUIET_FOR);
        progress.update(&mut err, "Listing…");
        progress.done(&mut err);
        assert!(err.is_empty());
    }
}
