// Turns the workbench's browser-console messages back into the lines the extension host printed.
// The extension host's console reaches the page as printf-style arguments, e.g.
//   ['%c[Extension Host] %c  %d passing (%s)', 'color: blue', 'color: ', 4, '891ms']
//   ['%c[Extension Host]%', 'color: blue']                      (an empty console.log())
// so printing msg.text() would show the raw %c/%d placeholders; we apply the format ourselves.
import { format } from 'node:util';

const SPEC = /%[sdifjoOc%]/g;

/** Formats console args like the browser does: `%c` eats its CSS argument, a leftover string argument is itself a format. */
export function formatConsoleArgs(args) {
  if (args.length === 0) return '';
  const [first, ...rest] = args;
  if (typeof first !== 'string') return format(...args);
  const kept = [];
  let i = 0;
  const fmt = first.replace(SPEC, (spec) => {
    if (spec === '%%') return spec;
    if (i >= rest.length) return spec;
    const arg = rest[i++];
    if (spec === '%c') return '';
    kept.push(arg);
    return spec;
  });
  const head = format(fmt, ...kept);
  const tail = rest.slice(i);
  if (tail.length === 0) return head;
  const more = formatConsoleArgs(tail);
  return head ? `${head} ${more}` : more;
}

// Errors also come a second time through the workbench logger ("  ERR [Extension Host] …"); only the
// console copy, which starts with the label, is taken.
const EXT_HOST = /^\[Extension Host\]%?\s?/;
// The top stack frame VS Code appends to every forwarded line, e.g. "(at Context.<anonymous> (file:///…:12:3))".
const TOP_FRAME = /\s+\(at [^()]*(?:\([^()]*\))?[^()]*\)$/;

/**
 * Returns the extension-host line carried by a console message, or undefined for workbench noise
 * (gallery ENOTFOUND, vsda 404s, ...).
 */
export function extensionHostLine(args) {
  const text = formatConsoleArgs(args);
  if (!EXT_HOST.test(text)) return undefined;
  return text.replace(EXT_HOST, '').replace(TOP_FRAME, '');
}

/**
 * Attaches a forwarder to a Playwright page; `all` also prints workbench messages (debugging the harness).
 * Reading arguments is async, so lines are written through a chain to keep their order; flush() waits for it.
 */
export function forwardConsole(page, { write = (line) => process.stdout.write(line + '\n'), all = false } = {}) {
  let chain = Promise.resolve();
  page.on('console', (msg) => {
    // Started now, not in the chain: the arguments' handles die when the page navigates or closes.
    const args = Promise.all(msg.args().map((a) => a.jsonValue())).catch(() => [msg.text()]);
    chain = chain.then(async () => {
      const values = await args;
      const line = extensionHostLine(values);
      if (line !== undefined) write(line);
      else if (all) write(`[workbench ${msg.type()}] ${formatConsoleArgs(values)}`);
    });
  });
  return { flush: () => chain };
}
