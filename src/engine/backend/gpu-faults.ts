/**
 * GPU faults as one-line errors that name the cause and the fix. WebGPU reports them as a lost
 * device (driver reset, GPU removed, watchdog), as rejected buffer mappings, or as out-of-memory
 * errors; a driver that hangs reports nothing, hence the timeouts. A run that fails this way has
 * its last checkpoint on disk, so the fix always ends with `resume`.
 */

export class GpuFaultError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'GpuFaultError';
    }
}

const RESUME_HINT = 'The last checkpoint is kept: `smash resume RUN_DIR` continues (add `--backend wasm` to go on without the GPU).';

/** Rejects with a GpuFaultError when `promise` has not settled after `ms`. */
export function gpuTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GpuFaultError(`The GPU did not answer within ${ms / 1000} s while ${what}: the driver hangs or the GPU is busy elsewhere. ${RESUME_HINT}`)), ms);
        timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface LostInfo { reason: string; message: string }
let lost: LostInfo | undefined;

/** Remembers why the device went away, for the error the next GPU call raises. */
export function watchDevice(device: { lost: Promise<LostInfo> }): void {
    lost = undefined;
    void device.lost.then((info) => { lost = info; });
}

/**
 * The one-line message for an error thrown by a webgpu computation, or undefined when it is not a
 * GPU fault (then the caller reports it as it is).
 */
export function describeGpuFault(error: unknown): string | undefined {
    if (error instanceof GpuFaultError) return error.message;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (lost !== undefined && lost.reason !== 'destroyed') {
        return `The GPU device was lost (${lost.reason}${lost.message ? `: ${lost.message.split('\n')[0]}` : ''}): the driver reset or the GPU was removed. ${RESUME_HINT}`;
    }
    if (/out of memory|OutOfMemory|allocation failed|exceeds the max(imum)? (buffer|storage)/i.test(text)) {
        return `The GPU ran out of memory: lower the batch size (\`--batch\`) or the largest widths of the space. ${RESUME_HINT}`;
    }
    if (/device (is )?lost|Device was lost|DeviceLost/i.test(text)) {
        return `The GPU device was lost: the driver reset or the GPU was removed. ${RESUME_HINT}`;
    }
    if (/OperationError|mapAsync|getMappedRange|external array ?buffers?/i.test(text)) {
        return `Reading a result back from the GPU failed (${text.split('\n')[0]}). Inside VS Code, set smash.engine.nodePath to a system node. ${RESUME_HINT}`;
    }
    return undefined;
}
