//! Latchkey at scale: the release app on a private desktop (the E2E
//! harness: Xvfb, D-Bus, throwaway keyring, the fake browser, xdg-open),
//! connected to a sandbox organization through the real deep-link path.
//!
//! Each round launches the app three times, alternating:
//! - a small organization (the demo seed's first), no added latency;
//! - an organization of 2,000 projects, no added latency;
//! - the same with 100 ms added to every sandbox request.
//!
//! and prints, as medians over BENCH_RUNS rounds (at least 5):
//! - private memory of the process tree with 2,000 projects listed, against
//!   the small organization (what 2,000 projects add);
//! - deep link arriving (the app's `link received` log line) to the first
//!   project row painted (a MutationObserver plus the next animation frame,
//!   in the page), with and without the 100 ms, and from the difference the
//!   round trips the app waits on one after another, so the floor;
//! - frames while scrolling the 2,000-project list, from the page's own
//!   clock: how long each frame's work took (scroll handler, render, layout,
//!   up to the end of the frame) and the interval between frames.
//!
//! It prints figures and never fails on them (scripts/bench runs it).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

use std::path::Path;
use std::time::Duration;

use harness::{app_binary, desktop_for, wait_until, AppSession};
use latchkey_sandbox::{FaultRule, Sandbox, Seed};

const LATENCY_MS: u64 = 100;
/// The round trips a first connection needs before it can show projects:
/// the code exchange, the organization the grant covers, its projects.
const NEEDED_ROUND_TRIPS: u64 = 3;

#[derive(Clone, Copy)]
enum Org {
    Small,
    TwoThousand,
}

struct Launch {
    link_to_rows_ms: f64,
    private_kib: u64,
    frames: Option<Frames>,
}

struct Frames {
    work_ms: Vec<f64>,
    interval_ms: Vec<f64>,
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(5);
    println!("app: {}", app_binary().display());
    let (mut small, mut big, mut big_slow) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=runs {
        let s = launch(Org::Small, 0, false).await;
        let b = launch(Org::TwoThousand, 0, true).await;
        let l = launch(Org::TwoThousand, LATENCY_MS, false).await;
        println!(
            "  round {round}: private {:.0} MiB small org, {:.0} MiB with 2,000 projects; link to rows {:.0} ms, {:.0} ms with {LATENCY_MS} ms latency",
            s.private_kib as f64 / 1024.0,
            b.private_kib as f64 / 1024.0,
            b.link_to_rows_ms,
            l.link_to_rows_ms
        );
        small.push(s);
        big.push(b);
        big_slow.push(l);
    }

    let mib = |runs: &[Launch]| median(runs.iter().map(|r| r.private_kib as f64 / 1024.0));
    let added = mib(&big) - mib(&small);
    println!("\n  memory (private, whole process tree, median of {runs})");
    println!("    small organization            {:>8.1} MiB", mib(&small));
    println!("    2,000 projects listed         {:>8.1} MiB", mib(&big));
    println!(
        "    added by 2,000 projects       {added:>8.1} MiB  (target <= 25 MiB: {})",
        verdict(added <= 25.0)
    );

    let fast = median(big.iter().map(|r| r.link_to_rows_ms));
    let slow = median(big_slow.iter().map(|r| r.link_to_rows_ms));
    let waited = ((slow - fast) / LATENCY_MS as f64).round().max(0.0) as u64;
    let floor = (NEEDED_ROUND_TRIPS * LATENCY_MS) as f64;
    println!("\n  deep link arriving -> 2,000 projects on screen (median of {runs})");
    println!("    no added latency              {fast:>8.0} ms");
    println!("    {LATENCY_MS} ms per sandbox request    {slow:>8.0} ms");
    println!(
        "    round trips waited in series  {waited:>8}     (needed: {NEEDED_ROUND_TRIPS}: code exchange, organization, projects)"
    );
    println!(
        "    floor ({NEEDED_ROUND_TRIPS} x {LATENCY_MS} ms) + 50 ms         {:>8.0} ms  ({:.0} ms over the floor: {})",
        floor + 50.0,
        slow - floor,
        verdict(slow <= floor + 50.0)
    );

    let frames: Vec<&Frames> = big.iter().filter_map(|r| r.frames.as_ref()).collect();
    let work: Vec<f64> = frames
        .iter()
        .flat_map(|f| f.work_ms.iter().copied())
        .collect();
    let interval: Vec<f64> = frames
        .iter()
        .flat_map(|f| f.interval_ms.iter().copied())
        .collect();
    println!(
        "\n  scrolling 2,000 projects ({} frames over {runs} runs, the page's own clock)",
        work.len()
    );
    println!(
        "    frame work     p50 {:>5.1} ms  p95 {:>5.1} ms  max {:>5.1} ms  (target p95 < 16 ms: {})",
        percentile(&work, 50.0),
        percentile(&work, 95.0),
        percentile(&work, 100.0),
        verdict(percentile(&work, 95.0) < 16.0)
    );
    println!(
        "    frame interval p50 {:>5.1} ms  p95 {:>5.1} ms  max {:>5.1} ms",
        percentile(&interval, 50.0),
        percentile(&interval, 95.0),
        percentile(&interval, 100.0)
    );
}

/// One launch: a fresh sandbox and desktop, connect through the browser and
/// a deep link, measure, close.
async fn launch(org: Org, latency_ms: u64, scroll: bool) -> Launch {
    let seed = match org {
        Org::Small => Seed::demo(),
        Org::TwoThousand => Seed::generate(1, 2000, 11),
    };
    let mut builder = Sandbox::builder().seed(seed);
    if latency_ms > 0 {
        let rule: FaultRule = format!("* /** latency={latency_ms}ms")
            .parse()
            .expect("latency rule");
        builder = builder.fault(rule);
    }
    let sb = builder.start().await.expect("the sandbox starts");
    let client = sb.demo_client();
    let desktop = desktop_for("bench-scale", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;

    // Stamps the first painted project row with the page's wall clock.
    app.client
        .execute(
            r#"window.__lkRowsAt = null;
               new MutationObserver((_, observer) => {
                 if (document.querySelector("[data-testid=project-row]")) {
                   observer.disconnect();
                   requestAnimationFrame(() => { window.__lkRowsAt = Date.now(); });
                 }
               }).observe(document.body, { childList: true, subtree: true });"#,
            vec![],
        )
        .await
        .expect("install the observer");
    app.click("[data-testid=connect-supabase]").await;
    let rows_at: f64 = wait_until("project rows", Duration::from_secs(60), || async {
        app.client
            .execute("return window.__lkRowsAt;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_f64())
    })
    .await;
    let link_at = link_received_at(&app.log()).expect("the app logged the link's arrival");

    tokio::time::sleep(Duration::from_secs(2)).await;
    let private_kib = tree_private_kib(app_pid().expect("the app's process"));
    let frames = if scroll {
        Some(scroll_frames(&app).await)
    } else {
        None
    };
    app.close().await;
    drop(desktop);
    sb.shutdown().await;
    Launch {
        link_to_rows_ms: rows_at - link_at,
        private_kib,
        frames,
    }
}

/// Scrolls the project list 400 px a frame, down and back, for 240 frames.
/// A frame's work runs from its scroll event (before the frame's animation
/// callbacks) to a message posted after them, which is handled once the
/// frame's style, layout and paint are done.
async fn scroll_frames(app: &AppSession) -> Frames {
    let value = app
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const v = document.querySelector("[data-testid=projects-viewport]");
               const work = [], interval = [];
               let frameStart = null, lastFrame = null, frames = 0, dir = 1;
               const channel = new MessageChannel();
               channel.port1.onmessage = () => {
                 if (frameStart !== null) work.push(performance.now() - frameStart);
                 frameStart = null;
               };
               v.addEventListener("scroll", () => { frameStart ??= performance.now(); }, { capture: true });
               function step(now) {
                 if (lastFrame !== null) interval.push(now - lastFrame);
                 lastFrame = now;
                 frameStart ??= now;
                 channel.port2.postMessage(0);
                 if (v.scrollTop + v.clientHeight >= v.scrollHeight - 1) dir = -1;
                 if (v.scrollTop <= 0) dir = 1;
                 v.scrollTop += dir * 400;
                 if (++frames < 240) requestAnimationFrame(step);
                 else setTimeout(() => done({ work, interval }), 50);
               }
               requestAnimationFrame(step);"#,
            vec![],
        )
        .await
        .expect("scroll the list");
    let numbers = |key: &str| -> Vec<f64> {
        value[key]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
            .unwrap_or_default()
    };
    Frames {
        work_ms: numbers("work"),
        interval_ms: numbers("interval"),
    }
}

/// The wall-clock time (ms since the epoch) of the app's `link received`
/// line. The log may carry colour codes around the timestamp.
fn link_received_at(log: &str) -> Option<f64> {
    let line = log.lines().find(|l| l.contains("link received"))?;
    let plain = strip_ansi(line);
    let stamp = plain.split_whitespace().next()?;
    let at = chrono::DateTime::parse_from_rfc3339(stamp).ok()?;
    Some(at.timestamp_micros() as f64 / 1000.0)
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The app process (WebKitWebDriver starts it; only one runs per desktop).
fn app_pid() -> Option<u32> {
    let binary = std::fs::canonicalize(app_binary()).ok()?;
    pids()
        .into_iter()
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
}

fn pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Private memory (clean + dirty) of `root` and all its descendants (the
/// app and its WebKit web and network processes).
fn tree_private_kib(root: u32) -> u64 {
    let parent_of = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    let all = pids();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            all.iter()
                .copied()
                .filter(|&p| parent_of(p) == Some(parent)),
        );
        i += 1;
    }
    tree.iter()
        .map(|pid| private_kib(Path::new(&format!("/proc/{pid}/smaps_rollup"))))
        .sum()
}

fn private_kib(smaps_rollup: &Path) -> u64 {
    std::fs::read_to_string(smaps_rollup)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("Private_Clean:") || l.starts_with("Private_Dirty:"))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum()
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    percentile(&values.collect::<Vec<_>>(), 50.0)
}

/// Nearest-rank percentile; NaN for no values.
fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "missed"
    }
}
