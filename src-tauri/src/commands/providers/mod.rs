//! Each provider's own screens, one module per provider (as in core's
//! `providers/<id>/manage`). The commands every provider shares live in
//! `commands::connections` and `commands::connect`.

pub mod neon;
pub mod netlify;
pub mod supabase;
