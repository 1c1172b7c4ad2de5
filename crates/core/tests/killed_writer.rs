//! `connections.json` survives writers racing each other and being killed
//! with SIGKILL at any moment (security review L6): two real child processes
//! save connections as fast as they can and report each save once `upsert`
//! returned; the test kills them at varying points, many times, and after
//! each round a fresh store must read the file without any recovery, with
//! every reported connection in it, and none twice.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use latchkey_core::connections::metadata::{ConnectionMeta, ConnectionStatus, MetadataStore};
use latchkey_core::connections::{ConnectionId, ConnectionSource};

const CHILD_DIR: &str = "LATCHKEY_TEST_WRITER_DIR";
const CHILD_START: &str = "LATCHKEY_TEST_WRITER_START";

fn meta(n: u64) -> ConnectionMeta {
    ConnectionMeta {
        id: ConnectionId::new("supabase", format!("org-{n}")),
        account_name: format!("Organization {n} with a name long enough to take a while"),
        user: Some(format!("user{n}@example.com")),
        connected_at: 1_796_212_800 + n,
        status: ConnectionStatus::Connected,
        sign_in_ends_at: None,
        source: ConnectionSource::OauthApp,
        granted_scopes: None,
        missing_scope: None,
    }
}

/// The child half: saves connection after connection until killed.
#[test]
#[ignore = "run as a child process by racing_writers_killed_at_any_moment_lose_no_saved_connection"]
fn child_saves_connections_until_killed() {
    let dir = std::env::var(CHILD_DIR).expect("run by the parent test");
    let start: u64 = std::env::var(CHILD_START).unwrap().parse().unwrap();
    let store = MetadataStore::new(std::path::Path::new(&dir));
    for n in start.. {
        store.upsert(meta(n)).expect("upsert");
        println!("saved {n}");
    }
}

#[test]
fn racing_writers_killed_at_any_moment_lose_no_saved_connection() {
    let dir = tempfile::tempdir().unwrap();
    let mut reported = Vec::new();
    let mut next = 0u64;
    for round in 0..25u64 {
        // Two writers race on the same file, as the app and the CLI may.
        let writers: Vec<_> = [next, next + 1_000_000]
            .into_iter()
            .map(|start| {
                let mut child = Command::new(std::env::current_exe().unwrap())
                    .args([
                        "--ignored",
                        "--exact",
                        "child_saves_connections_until_killed",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env(CHILD_DIR, dir.path())
                    .env(CHILD_START, start.to_string())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                let stdout = child.stdout.take().unwrap();
                let reader = std::thread::spawn(move || {
                    BufReader::new(stdout)
                        .lines()
                        .map_while(Result::ok)
                        .filter_map(|l| {
                            l.strip_prefix("saved ").and_then(|n| n.parse::<u64>().ok())
                        })
                        .collect::<Vec<_>>()
                });
                (child, reader)
            })
            .collect();
        // Somewhere in the middle of a write, a different moment each round.
        std::thread::sleep(Duration::from_millis(30 + (round * 37) % 90));
        for (mut child, reader) in writers {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            reported.extend(reader.join().unwrap());
        }
        next += 10_000;

        let store = MetadataStore::new(dir.path());
        let listed = store.list().expect("the file is readable after a kill");
        assert!(
            store.recovered_from_corruption().is_none(),
            "round {round}: the file was damaged by the kill"
        );
        let mut ids: Vec<_> = listed.iter().map(|c| c.id.account.clone()).collect();
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "round {round}: a connection listed twice");
        for n in &reported {
            assert!(
                ids.contains(&format!("org-{n}")),
                "round {round}: org-{n} was saved, then lost"
            );
        }
    }
    assert!(
        reported.len() > 25,
        "the child really wrote: {}",
        reported.len()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "connections.json" && !name.ends_with(".lock"))
        .collect();
    assert!(
        leftovers.len() <= 1,
        "at most the temp file of the last killed write is left: {leftovers:?}"
    );
}
