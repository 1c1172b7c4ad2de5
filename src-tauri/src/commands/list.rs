// The app's commands: the one list. Each entry is `[module path] name`.
//
// - `lib.rs` builds the invoke handler from it;
// - `build.rs` includes this file, so each command becomes a permission;
// - a test checks the main window's capability grants exactly these;
// - `cargo test` writes `ui/src/bindings/commands.ts` from it, and
//   `ui/src/ipc.ts` can only invoke a name that file lists (drift-checked
//   in `scripts/test` with the other bindings).
//
// A plain `macro_rules!` file, not a module, so `build.rs` can include it.

macro_rules! with_app_commands {
    ($then:ident) => {
        $then! {
            [commands::status] status_get,
            [commands::links] links_list,
            [commands::connect] providers_list,
            [commands::connect] connect_start,
            [commands::connect] connect_cancel,
            [commands::connect] connect_paste,
            [commands::connect] connect_with_token,
            [commands::connect] personal_token_page_open,
            [commands::connect] client_secret_set,
            [commands::connect] client_secret_status,
            [commands::connect] settings_get,
            [commands::network] network_get,
            [commands::network] network_set,
            [commands::connections] connections_list,
            [commands::connections] projects_list,
            [commands::connections] connection_disconnect,
            [commands::connections] connection_groups,
            [commands::connections] connection_detail,
            [commands::providers::supabase] project_get,
            [commands::providers::supabase] project_restore,
            [commands::providers::supabase] regions_list,
            [commands::providers::supabase] project_create,
            [commands::providers::supabase] smtp_get,
            [commands::providers::supabase] smtp_update,
            [commands::providers::supabase] smtp_disable,
            [commands::providers::supabase] api_keys_list,
            [commands::providers::supabase] api_key_reveal,
            [commands::providers::supabase] api_key_copy,
            [commands::providers::supabase] api_keys_copy_env,
            [commands::providers::supabase] connection_string_copy,
            [commands::providers::neon] neon_options,
            [commands::providers::neon] neon_project_create,
            [commands::providers::neon] neon_project_get,
            [commands::providers::neon] neon_branch_contents,
            [commands::providers::neon] neon_branch_create,
            [commands::providers::neon] neon_connection_strings,
            [commands::providers::neon] neon_connection_string_copy,
            [commands::providers::neon] neon_connection_string_reveal,
            [commands::providers::neon] neon_env_copy,
            [commands::providers::netlify] netlify_site_get,
            [commands::providers::netlify] netlify_site_open,
            [commands::providers::netlify] netlify_env_list,
            [commands::providers::netlify] netlify_env_reveal,
            [commands::providers::netlify] netlify_env_set,
            [commands::providers::netlify] netlify_env_delete,
            [clipboard] clipboard_write,
        }
    };
}

/// The names alone, as `&[&str]` (build.rs and the tests use it).
#[allow(unused_macros)]
macro_rules! command_names {
    ($([$($module:ident)::+] $name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}
