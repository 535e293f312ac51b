/**
 * The safetensors format (huggingface/safetensors): u64 LE header length | JSON header naming each
 * tensor's dtype, shape and byte range | the raw little-endian data. Simple enough that the exported
 * model.py reads it with `struct` and `json` alone, and `safetensors.torch.load_file` reads it too.
 */
import type { Tensor } from './weights.js';

export function safetensorsChunks(tensors: Tensor[], metadata: Record<string, string>): Uint8Array[] {
    const header: Record<string, unknown> = { __metadata__: metadata };
    let offset = 0;
    for (const t of tensors) {
        header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
        offset += t.data.byteLength;
    }
    // The header is padded with spaces to a multiple of 8 bytes so that the data starts aligned.
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
    const headerBytes = Buffer.from(json, 'utf8');
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(headerBytes.length));
    return [length, headerBytes, ...tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))];
}
