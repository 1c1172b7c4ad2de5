//! The spec's `Operation`, as creation answers list them: Neon does the
//! work asynchronously and answers at once with the operations it started
//! (`create_timeline`, `create_branch`, `start_compute`, …). The sandbox
//! has nothing to wait for, so no route polls them; they exist so that a
//! client reading `operations[]` finds every field it requires.

use serde_json::{json, Value};

/// One operation on `branch_id` (and `endpoint_id`, for compute actions),
/// started at `at` (RFC 3339) and still `status` (`running`, `scheduling`).
pub(super) fn operation(
    id: &str,
    project_id: &str,
    branch_id: &str,
    endpoint_id: Option<&str>,
    action: &str,
    status: &str,
    at: &str,
) -> Value {
    let mut v = json!({
        "id": id,
        "project_id": project_id,
        "branch_id": branch_id,
        "action": action,
        "status": status,
        "failures_count": 0,
        "created_at": at,
        "updated_at": at,
        "total_duration_ms": 0,
    });
    if let Some(e) = endpoint_id {
        v["endpoint_id"] = json!(e);
    }
    v
}
