#!/usr/bin/env bash
# Installs Debian's python3-torch, which test/engine/export.test.ts runs the exported PyTorch
# modules with (the system /usr/bin/python3, not a pyenv or venv one). Idempotent.
set -euo pipefail

PYTHON=${SMASH_PYTHON:-/usr/bin/python3}
log() { printf '[python-torch-install] %s\n' "$*"; }

if "$PYTHON" -c 'import torch' 2>/dev/null; then
    log "ok: $("$PYTHON" -c 'import torch; print("torch", torch.__version__)') for $PYTHON"
    exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    printf '[python-torch-install] ERROR: %s cannot import torch, and installing python3-torch needs root or sudo\n' "$PYTHON" >&2
    exit 1
fi
log "installing python3-torch with apt"
"${SUDO[@]}" apt-get update -qq -o DPkg::Lock::Timeout=600
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 python3 python3-torch
"$PYTHON" -c 'import torch' || { printf '[python-torch-install] ERROR: %s still cannot import torch\n' "$PYTHON" >&2; exit 1; }
log "ok: $("$PYTHON" -c 'import torch; print("torch", torch.__version__)')"
