# Shared by the scripts in this folder: where builds and tools are cached.
# Sourced, not run.

LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Outside the checkout, so every clone (and CI) reuses one incremental build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/latchkey/target}"
export LATCHKEY_TOOLS="${LATCHKEY_TOOLS:-$HOME/.cache/latchkey/tools}"
export PATH="$LATCHKEY_TOOLS/bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The debug binary every script shares (tests, E2E, run).
LATCHKEY_BIN="$CARGO_TARGET_DIR/debug/latchkey"

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
