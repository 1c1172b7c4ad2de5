//! Files written by earlier versions keep loading: `connections.json` as
//! version 1 wrote it (the fixture is such a file, written by hand from
//! that version's format) is read, and a change written over it stays
//! readable by that older version (same keys).

use latchkey_core::connections::metadata::{ConnectionStatus, MetadataStore};
use latchkey_core::connections::ConnectionId;

const V1: &str = include_str!("fixtures/connections-v1.json");

fn store_with_v1() -> (tempfile::TempDir, MetadataStore) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("connections.json"), V1).unwrap();
    let store = MetadataStore::new(dir.path());
    (dir, store)
}

#[test]
fn a_version_1_connections_file_loads_whole() {
    let (_dir, store) = store_with_v1();
    let list = store.list().unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    assert!(
        store.recovered_from_corruption().is_none(),
        "read as valid, not salvaged"
    );
    let neon = store
        .get(&ConnectionId::new("neon", "usr-quiet-bird-123"))
        .unwrap()
        .expect("the Neon connection is found by its v1 id");
    assert_eq!(neon.status, ConnectionStatus::NeedsReconnect);
    assert_eq!(neon.user.as_deref(), Some("ada@example.com"));
}

#[test]
fn a_change_keeps_the_version_1_keys_on_disk() {
    let (dir, store) = store_with_v1();
    store
        .set_status(
            &ConnectionId::new("supabase", "acme-inc"),
            ConnectionStatus::NeedsReconnect,
        )
        .unwrap();
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("connections.json")).unwrap())
            .unwrap();
    let original: serde_json::Value = serde_json::from_str(V1).unwrap();
    assert_eq!(written["version"], 1);
    let keys = |v: &serde_json::Value| {
        let entry = &v["connections"][0];
        let mut k: Vec<String> = entry.as_object().unwrap().keys().cloned().collect();
        k.extend(entry["id"].as_object().unwrap().keys().cloned());
        k.sort();
        k
    };
    assert_eq!(
        keys(&written),
        keys(&original),
        "an older Latchkey still reads the file"
    );
}
