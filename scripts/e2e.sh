#!/usr/bin/env bash
# The end-to-end tests in a real VS Code, offline (test/e2e/README.md): installs the host if needed
# (code-server 4.100.3, Debian's chromium, playwright-core), packages the extension, runs the extension
# test suite inside the extension host of this checkout, then the UI test of the installed .vsix.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "e2e host (code-server, chromium, playwright-core)"
bash scripts/e2e-host-install.sh

step "npm run package"
npm run --silent package

step "extension tests in the VS Code extension host (test/e2e/extension)"
node test/e2e/extension/run.mjs

step "UI test of the installed .vsix through the workbench (test/e2e/ui)"
node --test test/e2e/ui/
