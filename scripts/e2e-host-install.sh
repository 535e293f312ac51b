#!/usr/bin/env bash
# Installs the offline VS Code host used by test/e2e: Debian chromium (+ build/runtime deps) and
# code-server + playwright-core in .vscode-host/. Idempotent: a rerun with everything in place is a no-op.
# Why each trick is needed: /work/shared/reference/vscode-e2e-offline.md ("What failed").
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
# @vscode/ripgrep 1.15.11 (pinned by code-server 4.100.3) downloads rg v13.0.0-10 from api.github.com unless
# this file is already in $TMPDIR/vscode-ripgrep-cache-1.15.11; we seed it with Debian's rg.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_TAG=v13.0.0-10
APT_PACKAGES=(chromium libkrb5-dev ripgrep)
# node-gyp builds code-server's native modules (argon2, kerberos, node-pty, spdlog, ...) from source.
command -v g++ >/dev/null && command -v make >/dev/null || APT_PACKAGES+=(g++ make)
command -v python3 >/dev/null || APT_PACKAGES+=(python3)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOST_DIR=${VSCODE_HOST_DIR:-$ROOT/.vscode-host}
STAMP="$HOST_DIR/.installed"
WANT_STAMP="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION node-$(node -p 'process.versions.modules' 2>/dev/null || echo none)"
T0=$(date +%s.%N)

log() { printf '[e2e-host-install] %s\n' "$*"; }
die() { printf '[e2e-host-install] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[e2e-host-install] FAILED (exit %s) after %s\n" "$rc" "$(elapsed "$T0")" >&2' EXIT

command -v node >/dev/null || die "node is not on PATH (Node 20 is required)"
command -v npm >/dev/null || die "npm is not on PATH"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
# code-server 4.100.x's postinstall refuses any other major, and the extension host runs on this node.
[ "$NODE_MAJOR" = 20 ] || die "code-server $CODE_SERVER_VERSION needs Node 20, found $(node -v)"

if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else SUDO=(false); fi

pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
apt_install() {
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "$@"
}
apt_update() { "${SUDO[@]}" apt-get update -o DPkg::Lock::Timeout=600; }

install_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then log "apt: ${APT_PACKAGES[*]} already installed"; return; fi
  [ "${SUDO[0]:-}" != false ] || die "apt packages missing (${missing[*]}); run this script as root or install sudo"
  local t; t=$(date +%s.%N)
  # Update only when the package lists do not know a package; retry once after an update when
  # the lists are stale (a .deb that vanished from the mirror gives a 404).
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    log "apt: package lists lack some of ${missing[*]}; running apt-get update"
    apt_update || die "apt-get update failed (is the Debian mirror reachable?)"
  fi
  log "apt: installing ${missing[*]}"
  if ! apt_install "${missing[@]}"; then
    log "apt: install failed; refreshing package lists and retrying once"
    apt_update || die "apt-get update failed (is the Debian mirror reachable?)"
    apt_install "${missing[@]}" || die "apt-get install ${missing[*]} failed"
  fi
  log "apt: done in $(elapsed "$t")"
}

installed_version() { node -p "require('$HOST_DIR/node_modules/$1/package.json').version" 2>/dev/null || true; }

# --version writes a config.yaml and logs unless pointed away from $HOME.
code_server_version() {
  local scratch; scratch=$(mktemp -d)
  XDG_CONFIG_HOME=$scratch XDG_DATA_HOME=$scratch \
    "$HOST_DIR/node_modules/.bin/code-server" --config "$scratch/config.yaml" --version 2>/dev/null | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+ ' || true
  rm -rf "$scratch"
}

host_ready() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] &&
    [ "$(installed_version code-server)" = "$CODE_SERVER_VERSION" ] &&
    [ "$(installed_version playwright-core)" = "$PLAYWRIGHT_VERSION" ]
}

install_npm() {
  if host_ready; then log "npm: code-server@$CODE_SERVER_VERSION and playwright-core@$PLAYWRIGHT_VERSION already in $HOST_DIR"; return; fi
  local t arch rg_target; t=$(date +%s.%N)
  arch=$(uname -m)
  case "$arch" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) die "unsupported architecture $arch (the ripgrep cache seeding knows x86_64 and aarch64)" ;;
  esac
  # No valid stamp: a failed or interrupted install, other versions, or another Node ABI (native modules
  # would not be rebuilt by npm when the packages look up to date). Start from scratch.
  rm -rf "$STAMP" "$HOST_DIR/node_modules" "$HOST_DIR/package-lock.json" "$HOST_DIR/tmp"
  mkdir -p "$HOST_DIR/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  tar czf "$HOST_DIR/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/ripgrep-$RIPGREP_TAG-$rg_target.tar.gz" \
    -C "$(dirname "$(command -v rg)")" rg
  echo '{"name":"vscode-host","private":true}' > "$HOST_DIR/package.json"
  log "npm: installing code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $HOST_DIR (builds native modules, ~1.5-2.5 min)"
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc would cancel.
  # --unsafe-perm: code-server's postinstall refuses to run as root without it.
  (cd "$HOST_DIR" && TMPDIR="$HOST_DIR/tmp" npm_config_yes=true \
    npm install --no-audit --no-fund --unsafe-perm --save-exact --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION") ||
    die "npm install failed (see output above; needs the npm registry, libkrb5-dev, a C++ toolchain and Node 20 headers)"
  local v; v=$(code_server_version)
  case "$v" in
    "$CODE_SERVER_VERSION "*) log "npm: code-server reports: $v" ;;
    *) die "code-server was installed but does not run (--version printed: '${v:-nothing}')" ;;
  esac
  [ "$(installed_version playwright-core)" = "$PLAYWRIGHT_VERSION" ] || die "playwright-core@$PLAYWRIGHT_VERSION missing after install"
  rm -rf "$HOST_DIR/tmp"
  echo "$WANT_STAMP" > "$STAMP"
  log "npm: done in $(elapsed "$t")"
}

mkdir -p "$HOST_DIR"
install_apt
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after apt install"
command -v rg >/dev/null || die "rg (ripgrep) missing after apt install"
install_npm
log "ready in $(elapsed "$T0"): $HOST_DIR ($(du -sh "$HOST_DIR" 2>/dev/null | cut -f1))"
