/**
 * The engine's only source of randomness: a small, fast, seedable PRNG (sfc32, seeded through
 * splitmix32) whose sequence is the same on every machine and JavaScript engine. Separate concerns
 * (architecture sampling, weight init, data order, augmentation) fork their own streams by label,
 * so that changing how often one of them draws does not shift the others.
 */
export class Random {
    private a: number;
    private b: number;
    private c: number;
    private d: number;
    private spareNormal: number | undefined;

    constructor(seed: number | string) {
        let s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
        const next = (): number => {
            s = (s + 0x9e3779b9) | 0;
            let z = s;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.a = next();
        this.b = next();
        this.c = next();
        this.d = next();
        for (let i = 0; i < 12; i++) this.uint32();
    }

    /** An independent stream derived from this one's current state and a label. */
    fork(label: string): Random {
        return new Random(`${this.uint32()}:${label}`);
    }

    uint32(): number {
        const t = (((this.a + this.b) | 0) + this.d) | 0;
        this.d = (this.d + 1) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) | 0;
        return t >>> 0;
    }

    /** Uniform in [0, 1). */
    next(): number {
        return this.uint32() / 4294967296;
    }

    /** Uniform in [low, high). */
    uniform(low: number, high: number): number {
        return low + (high - low) * this.next();
    }

    /** Uniform integer in [0, n). */
    int(n: number): number {
        if (!(n >= 1)) throw new RangeError(`Random.int needs n >= 1, got ${n}`);
        return Math.floor(this.next() * n);
    }

    /** Uniform integer in [low, high] (both inclusive). */
    intBetween(low: number, high: number): number {
        return low + this.int(high - low + 1);
    }

    bernoulli(p: number): boolean {
        return this.next() < p;
    }

    /** Standard normal draw (Box-Muller, caching the second value). */
    normal(): number {
        if (this.spareNormal !== undefined) {
            const v = this.spareNormal;
            this.spareNormal = undefined;
            return v;
        }
        let u = 0;
        while (u === 0) u = this.next();
        const v = this.next();
        const r = Math.sqrt(-2 * Math.log(u));
        this.spareNormal = r * Math.sin(2 * Math.PI * v);
        return r * Math.cos(2 * Math.PI * v);
    }

    pick<T>(items: readonly T[]): T {
        if (items.length === 0) throw new RangeError('Random.pick from an empty list');
        return items[this.int(items.length)]!;
    }

    /** Index drawn with probability proportional to weights[i] (non-negative, not all zero). */
    weightedIndex(weights: readonly number[]): number {
        let total = 0;
        for (const w of weights) total += w;
        if (!(total > 0)) throw new RangeError('Random.weightedIndex needs a positive total weight');
        let r = this.next() * total;
        for (let i = 0; i < weights.length; i++) {
            r -= weights[i]!;
            if (r < 0) return i;
        }
        return weights.length - 1;
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    permutation(n: number): number[] {
        const out = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
            const j = this.int(i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
        }
        return out;
    }

    /** k distinct items, in the order drawn. */
    sample<T>(items: readonly T[], k: number): T[] {
        return this.permutation(items.length).slice(0, k).map((i) => items[i]!);
    }
}

/** FNV-1a, enough to turn a label into a 32-bit seed. */
function hashString(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
