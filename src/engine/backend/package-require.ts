/**
 * `require` for optional packages, resolved at run time so that neither vitest nor esbuild tries to
 * resolve them ahead of time. It exists in CommonJS bundles; ESM (vitest, plain Node) builds one
 * from import.meta.url.
 */
import { createRequire } from 'node:module';

export const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);

/** The installed version of a package, or 'unknown'. */
export function packageVersion(pkg: string): string {
    try {
        return (req(`${pkg}/package.json`) as { version: string }).version;
    } catch {
        return 'unknown';
    }
}
