//! The spec's `Operation`, as creation answers list them: Neon does the
//! work asynchronously and answers at once with the operations it started
//! (`create_timeline`, `create_branch`, `start_compute`, …). The sandbox
//! has nothing to wait for, so no route polls them; they exist so that a
//! client reading `operations[]` finds every field it requires.

use serde_json::{json, Value};

use super::data::{NeonBranch, NeonProject};
use super::with_times;
use crate::state::AppState;

/// `n` random operation ids, drawn before the handler locks the data.
pub(super) fn new_ids(app: &AppState, n: usize) -> Vec<String> {
    let mut rng = app.rng();
    (0..n).map(|_| crate::ids::random_uuid(&mut *rng)).collect()
}

/// The operations that create branch `b`: `action` (`running`) on it, then
/// `start_compute` (`compute_status`) on each of its endpoints, with the
/// ids `ids` in that order, all started when `b` was created.
pub(super) fn operations(
    ids: &[String],
    p: &NeonProject,
    b: &NeonBranch,
    action: &str,
    compute_status: &str,
) -> Vec<Value> {
    let computes = (b.endpoints.iter()).map(|e| (Some(&e.id), "start_compute", compute_status));
    let steps = std::iter::once((None, action, "running")).chain(computes);
    let one = |(id, (endpoint_id, action, status))| {
        let mut v = json!({
            "id": id,
            "project_id": p.id,
            "branch_id": b.id,
            "action": action,
            "status": status,
            "failures_count": 0,
            "total_duration_ms": 0,
        });
        if let Some(e) = endpoint_id {
            v["endpoint_id"] = json!(e);
        }
        with_times(v, b.created_at_ms)
    };
    ids.iter().zip(steps).map(one).collect()
}
