#!/usr/bin/env bash
# The whole test suite, as CI runs it: build, type-check, the dependency-tree check, unit and
# integration tests (vitest), then the end-to-end tests in a real VS Code host.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "build"
npm run --silent build

step "type-check"
npx tsc --noEmit

step "one copy of vscode-jsonrpc"
# Two copies break request cancellation silently (cancelled requests come back as results).
copies=$(find node_modules -type d -name vscode-jsonrpc | wc -l)
if [ "$copies" -ne 1 ]; then
    echo "node_modules holds $copies copies of vscode-jsonrpc:"; find node_modules -type d -name vscode-jsonrpc
    exit 1
fi
echo "ok: 1 copy"

step "python3-torch (the exported PyTorch modules are checked against the engine)"
bash scripts/python-torch-install.sh

step "Mesa for the webgpu tests (a software adapter stands in for a GPU)"
bash scripts/webgpu-test-install.sh

step "unit and integration tests"
npx vitest run

step "end-to-end tests in a real VS Code"
bash scripts/e2e.sh
