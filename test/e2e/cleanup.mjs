// Whatever the harness starts is registered here, so it goes away however the run ends: on SIGINT/SIGTERM/
// SIGHUP everything is stopped (including what was still starting) before exiting with 128+signal; on any
// other exit, stopSync() (kill, rm) runs as a last resort.
const live = new Set();
let inFlight = 0;
let signalCode;
let installed = false;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Stops everything registered, waiting for start-ups in progress (they register what they start). */
export async function stopAll({ timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while ((live.size > 0 || inFlight > 0) && Date.now() < deadline) {
    const entries = [...live];
    await Promise.race([Promise.allSettled(entries.map((entry) => entry.stop())), sleep(deadline - Date.now())]);
    for (const entry of entries) live.delete(entry);
    if (inFlight > 0) await sleep(100);
  }
}

function install() {
  if (installed) return;
  installed = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      if (signalCode !== undefined) return;
      signalCode = code;
      process.stdout.write(`[e2e] ${sig}: stopping VS Code host\n`);
      stopAll().finally(() => process.exit(code));
    });
  }
  process.on('exit', () => { for (const entry of live) entry.stopSync?.(); });
}

/** True once a signal is being handled (errors from the parts being stopped are expected then). */
export const interrupted = () => signalCode !== undefined;

/** Registers { stop(): Promise, stopSync?() }; returns the function that unregisters it. */
export function track(entry) {
  install();
  live.add(entry);
  return () => live.delete(entry);
}

/** Runs a start-up step so that a signal arriving meanwhile waits for it (and then stops what it started). */
export async function starting(step) {
  install();
  if (signalCode !== undefined) throw new Error('interrupted');
  inFlight++;
  try { return await step(); } finally { inFlight--; }
}

/** process.exit, unless a signal is being handled: then the handler exits once everything is stopped. */
export function exit(code) {
  if (signalCode === undefined) process.exit(code);
}
