//! A bare Tauri 2 window for the benchmark's baseline: one static page and
//! one command. The page calls `ready` once it has painted, and this prints
//! `ui ready` on stderr, the same line the app prints after its first render,
//! so bench/startup.py times both the same way.

#[tauri::command]
fn ready() {
    eprintln!("ui ready");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
