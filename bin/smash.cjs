#!/usr/bin/env node
// The `smash` command: runs the bundled CLI (built by `npm run build`).
require('../out/cli/main.cjs');
