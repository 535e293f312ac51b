/**
 * A log that stays small however long a run is: once it holds more than `max` thinnable items it
 * drops every other one and from then on keeps only every 2nd, 4th, ... new one. Items that are
 * not thinnable (phase changes, epoch ends) are always kept. The array is compacted in place, so a
 * chart can plot `items` directly. Pure.
 */
export class ThinnedLog<T> {
    readonly items: T[] = [];
    private stride = 1;
    private seen = 0;
    private kept = 0;

    constructor(private readonly max: number, private readonly thinnable: (item: T) => boolean = () => true) {
        if (!(max >= 2)) throw new RangeError(`ThinnedLog needs room for at least 2 items, got ${max}`);
    }

    /** Adds `item` unless thinning skips it; returns whether it was kept. */
    push(item: T): boolean {
        if (!this.thinnable(item)) {
            this.items.push(item);
            return true;
        }
        const index = this.seen++;
        if (index % this.stride !== 0) return false;
        this.items.push(item);
        if (++this.kept > this.max) this.halve();
        return true;
    }

    /** Removes items from the end while `drop` holds (e.g. steps a resumed run will redo). */
    popWhile(drop: (item: T) => boolean): void {
        while (this.items.length > 0 && drop(this.items[this.items.length - 1]!)) {
            if (this.thinnable(this.items.pop()!)) this.kept--;
        }
    }

    clear(): void {
        this.items.length = 0;
        this.stride = 1;
        this.seen = this.kept = 0;
    }

    /** Thinnable items seen so far, kept or not. */
    get count(): number {
        return this.seen;
    }

    private halve(): void {
        let write = 0;
        let nth = 0;
        for (const item of this.items) {
            if (this.thinnable(item) && nth++ % 2 === 1) continue;
            this.items[write++] = item;
        }
        this.items.length = write;
        this.kept = Math.ceil(this.kept / 2);
        this.stride *= 2;
    }
}
