/**
 * The wasm backend on several threads in Node. @tensorflow/tfjs-backend-wasm 4.22 ships a threaded
 * SIMD build (XNNPACK on a pthreadpool of Emscripten pthreads, which are Node worker threads) but
 * never uses it in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag is hard-coded false there (tfjs#3830),
 * and its loader hands Emscripten the worker script as a Blob URL, which Node's Worker rejects.
 * This registers a 'wasm' backend factory that loads the threaded build the way Emscripten's own
 * Node support expects: the worker script from a file, the main script by path.
 *
 * Two more fixes: the C++ side caps its pool at half of emscripten_num_logical_cores() (it assumes
 * two hyperthreads per core) and at 8, so that import is answered with 2 x the wanted threads; and
 * a pool thread is a referenced Worker, which would keep Node from exiting, so the running ones are
 * unreferenced (they only run while the main thread is blocked inside a kernel call).
 *
 * XNNPACK splits a conv or matrix product over output tiles, each computed whole by one thread, so
 * results do not depend on the thread count or on scheduling: the same seed gives the same numbers.
 * Elementwise and reduction kernels of tfjs-backend-wasm stay single-threaded.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tf } from '../backend/tf.js';

// A real require in CommonJS bundles and in ESM alike (an ESM bundle's `require` is a stub that throws).
const req: NodeJS.Require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

/** What the threaded Emscripten module exposes to tfjs (the subset BackendWasm uses at construction). */
interface EmscriptenModule {
    cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => unknown;
    PThread: { runningWorkers: Array<{ unref(): void }> };
    tfjs?: Record<string, (...args: number[]) => unknown>;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

interface WasmPackage {
    BackendWasm: new (module: EmscriptenModule) => tf.KernelBackend;
    setThreadsCount(n: number): void;
}

let registered: number | undefined;

/**
 * Makes `tf.setBackend('wasm')` start the threaded build with `threads` threads (the calling thread
 * plus threads - 1 pool threads). Call before the wasm backend is first initialised; later calls
 * with the same count are no-ops. threads <= 1 leaves the stock single-threaded backend in place.
 */
export function registerThreadedWasm(threads: number): void {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`wasm threads must be a positive integer, got ${threads}`);
    if (threads <= 1 || registered === threads) return;
    if (tf.engine().registry['wasm'] !== undefined) {
        throw new Error(`registerThreadedWasm(${threads}): the wasm backend is already running${registered ? ` with ${registered} threads` : ''}; choose the thread count before selecting it`);
    }
    const wasm = req('@tensorflow/tfjs-backend-wasm') as WasmPackage;
    const dir = dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    const mainScript = join(dir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
    const binary = join(dir, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm');
    const factory = req(mainScript) as Factory;
    const workerScript = writeWorkerScript(dir);
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', async () => {
        const module = await factory({
            locateFile: (path: string) => (path.endsWith('.worker.js') ? workerScript : path.endsWith('.wasm') ? binary : join(dir, 'wasm-out', path)),
            mainScriptUrlOrBlob: mainScript,
            instantiateWasm: (imports: { env: Record<string, unknown> }, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
                imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
                void WebAssembly.instantiate(readFileSync(binary), imports as WebAssembly.Imports).then((r) => receive(r.instance, r.module));
                return {};
            },
        });
        const wrap = (name: string, returns: string | null, args: string[]) => module.cwrap(name, returns, args);
        module.tfjs = {
            init: wrap('init', null, []),
            initWithThreadsCount: wrap('init_with_threads_count', null, ['number']),
            getThreadsCount: wrap('get_threads_count', 'number', []),
            registerTensor: wrap('register_tensor', null, ['number', 'number', 'number']),
            disposeData: wrap('dispose_data', null, ['number']),
            dispose: wrap('dispose', null, []),
        };
        wasm.setThreadsCount(threads);
        const backend = new wasm.BackendWasm(module);
        for (const worker of module.PThread.runningWorkers) worker.unref();
        return backend;
    }, 2);
    registered = threads;
}

/**
 * Emscripten's pthread worker script, which the package only ships as a string (for a Blob URL),
 * written once to a file named by its hash. Newlines inside its string literals come escaped as
 * real newlines in that string, as tfjs's own loader also undoes.
 */
function writeWorkerScript(packageDir: string): string {
    const { wasmWorkerContents } = req(join(packageDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
    const source = wasmWorkerContents.replace(/\n/g, '\\n');
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), 'smash-nas');
    // .cjs: the script uses require, whatever package.json "type" is nearest.
    const path = join(dir, `tfjs-wasm-pthread-${hash}.cjs`);
    if (!existsSync(path)) {
        mkdirSync(dir, { recursive: true });
        const partial = `${path}.${process.pid}.tmp`;
        writeFileSync(partial, source);
        renameSync(partial, path);
    }
    return path;
}
