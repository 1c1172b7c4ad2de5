//! `POST /v1/projects/{ref}/restore`: wakes a paused project.
//!
//! A paused (`INACTIVE`) project becomes `RESTORING`, then reads as
//! `ACTIVE_HEALTHY` once the activation delay has passed on the sandbox
//! clock (like a new project's `COMING_UP`). The answer is 200 with no body,
//! as the spec describes it. A project that is not paused is a 400; the
//! route needs `projects:write` (403 without it).

use axum::extract::Path;
use axum::http::StatusCode;

use super::access::{project_for, require_scope};
use super::model::status;
use crate::clock::to_millis;
use crate::error::ApiError;
use crate::state::Api;

pub(crate) const SCOPE: &str = "projects:write";

pub(crate) async fn restore(
    Api(app, p): Api,
    Path(reference): Path<String>,
) -> Result<StatusCode, ApiError> {
    let now = app.now();
    let ready_at = to_millis(now + app.settings().activation_delay);
    // Checked and changed under one lock: of two restores at once, the
    // second finds the project restoring already.
    app.mutate(|s| {
        let current = project_for(s, &p, &reference)?.status_at(now).to_owned();
        require_scope(&p, SCOPE)?;
        if current != status::INACTIVE {
            return Err(ApiError::bad_request(format!(
                "Project is not paused (status {current}): only a paused project can be restored"
            )));
        }
        if let Some(project) = s.projects.get_mut(&reference) {
            project.status = status::RESTORING.to_owned();
            project.activate_at_ms = Some(ready_at);
        }
        Ok(StatusCode::OK)
    })
}
