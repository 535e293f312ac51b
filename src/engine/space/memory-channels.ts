/** How wide each block's memory ends up: plain arithmetic on an architecture, free of TensorFlow.js so that the extension can use it. */
import type { Architecture } from './architecture.js';
import type { SearchSpace } from './space.js';

/** Channels of the concatenated memory of each block after all its ops: what its transition or head reads. */
export function memoryChannels(space: SearchSpace, arch: Architecture): number[] {
    return arch.blocks.map((block) => {
        const written = new Set<number>();
        for (let i = 0; i < block.initialBanks; i++) written.add(i);
        for (const op of block.ops) for (const w of op.writes) written.add(w.bank);
        return written.size * block.bankSize * space.unit;
    });
}
