#!/usr/bin/env bash
# Installs what the webgpu tests need on a machine without a GPU: Debian's Mesa, whose llvmpipe
# Dawn drives through OpenGL ES (EGL_PLATFORM=surfaceless, backend=opengles, compatibility mode;
# test/support/webgpu.ts). Debian 12's Vulkan lavapipe (Mesa 22) is too old for Dawn's Vulkan
# backend. Idempotent: with the packages in place it does nothing.
set -euo pipefail

PACKAGES=(libegl1 libegl-mesa0 libgl1-mesa-dri)
log() { printf '[webgpu-test-install] %s\n' "$*"; }

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    log "ok: ${PACKAGES[*]} installed"
    exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    log "ERROR: apt packages missing (${missing[*]}); run this script as root or install them"; exit 1
fi
log "installing ${missing[*]}"
install() { DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"; }
install || { "${SUDO[@]}" apt-get update -o DPkg::Lock::Timeout=600 && install; } || {
    log "ERROR: apt-get install ${missing[*]} failed (is the Debian mirror reachable?)"; exit 1
}
