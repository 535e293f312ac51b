/** Where the engine's worker bundles are: out/engine/ of this package, found from wherever this module was loaded (a bundle or the sources). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** out/engine/<file>; `what` names the feature that needs it, for the error when it is not built. */
export function workerScript(file: string, what: string): string {
    let dir = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
    for (;;) {
        if (existsSync(join(dir, 'package.json'))) {
            const script = join(dir, 'out', 'engine', file);
            if (!existsSync(script)) throw new Error(`${what} needs ${script}; build it with \`npm run build\``);
            return script;
        }
        const up = dirname(dir);
        if (up === dir) throw new Error(`${what}: cannot find the package root of the engine`);
        dir = up;
    }
}
