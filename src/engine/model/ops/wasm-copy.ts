/**
 * Strided copies inside the wasm backend's heap at memory speed: a WebAssembly function of a few
 * dozen bytes, assembled here, that imports the backend's own memory and moves `rows` runs of
 * `run` bytes with one memory.copy each. The JavaScript alternatives cost a call per run
 * (copyWithin, about 20 ns) or 2.5 ns per element (a loop); slicing a few channels out of every
 * pixel, the common case, is made of millions of short runs.
 */

/** copy(dst, src, rows, run, dstStride, srcStride), all in bytes of the heap. */
export type HeapCopy = (dst: number, src: number, rows: number, run: number, dstStride: number, srcStride: number) => void;

const compiled = new Map<boolean, WebAssembly.Module>();
const instances = new WeakMap<WebAssembly.Memory, HeapCopy>();

/** The copy function bound to `memory` (instantiated once per memory). */
export function heapCopy(memory: WebAssembly.Memory): HeapCopy {
    let copy = instances.get(memory);
    if (!copy) {
        const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
        let module = compiled.get(shared);
        if (!module) {
            module = new WebAssembly.Module(assemble(shared));
            compiled.set(shared, module);
        }
        const instance = new WebAssembly.Instance(module, { env: { memory } });
        copy = instance.exports['copy2d'] as HeapCopy;
        instances.set(memory, copy);
    }
    return copy;
}

/**
 * (module
 *   (import "env" "memory" (memory 0))            ;; shared: (memory 0 65536 shared)
 *   (func (export "copy2d") (param $dst $src $rows $run $dstStride $srcStride i32)
 *     (block (loop
 *       (br_if 1 (i32.eqz (local.get $rows)))
 *       (memory.copy (local.get $dst) (local.get $src) (local.get $run))
 *       (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
 *       (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
 *       (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
 *       (br 0)))))
 */
function assemble(shared: boolean): Uint8Array<ArrayBuffer> {
    const i32 = 0x7f;
    const get = (i: number) => [0x20, i];
    const set = (i: number) => [0x21, i];
    const body = [
        0x00, // no locals
        0x02, 0x40, 0x03, 0x40, // block, loop
        ...get(2), 0x45, 0x0d, 0x01, // br_if 1 (rows == 0)
        ...get(0), ...get(1), ...get(3), 0xfc, 0x0a, 0x00, 0x00, // memory.copy
        ...get(0), ...get(4), 0x6a, ...set(0),
        ...get(1), ...get(5), 0x6a, ...set(1),
        ...get(2), 0x41, 0x01, 0x6b, ...set(2),
        0x0c, 0x00, 0x0b, 0x0b, 0x0b, // br 0, end loop, end block, end func
    ];
    // Limits: flags 0 (min only) or 3 (min and max, shared); min 0 pages; max 65536 pages (4 GiB).
    const limits = shared ? [0x03, 0x00, 0x80, 0x80, 0x04] : [0x00, 0x00];
    const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
    const section = (id: number, content: number[]) => [id, content.length, ...content];
    return new Uint8Array([
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        ...section(1, [0x01, 0x60, 0x06, i32, i32, i32, i32, i32, i32, 0x00]),
        ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, ...limits]),
        ...section(3, [0x01, 0x00]),
        ...section(7, [0x01, ...name('copy2d'), 0x00, 0x00]),
        ...section(10, [0x01, body.length, ...body]),
    ]);
}
