use latchkey_core::deep_link::LinkSummary;
use tauri::State;

use crate::AppState;

/// Links received since start (route and harmless detail only), oldest first.
#[tauri::command]
pub fn links_list(state: State<'_, AppState>) -> Vec<LinkSummary> {
    state.recent_links()
}
