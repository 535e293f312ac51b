/**
 * The head's grid: the last block's maps are average-pooled to grid x grid cells, so the grid can
 * be no finer than those maps, and it must split them into windows of one size in steps of one size
 * (evenGrid), or some of its cells would average more of the map than a smaller grid's do.
 */
import { evenGrid } from '../engine/space/space.js';
import { IssueCodes } from './smash-issue-codes.js';
import { member, type SpaceFacts } from './smash-validator-facts.js';
import { isCount, propertyRange, type Reporter } from './smash-validator-util.js';

export function checkHeadGrid(facts: SpaceFacts, report: Reporter): void {
    const head = member(facts.space, 'Head');
    const grid = head?.grid;
    const resolution = facts.blocks[facts.blocks.length - 1]?.resolution;
    if (!head || !isCount(grid) || !resolution || resolution[0] < 1 || resolution[1] < 1) return;
    const [h, w] = resolution;
    const side = Math.min(h, w);
    const range = propertyRange(head, 'grid');
    if (grid > side) {
        report.error(`head grid ${grid} is finer than the ${h} x ${w} maps of the last block: the head pools those maps to grid x grid cells, so the grid is at most ${side}.`,
            head, range, { code: IssueCodes.GridTooLarge, values: [side] });
        return;
    }
    if (evenGrid(h, grid) && evenGrid(w, grid)) return;
    const even = Array.from({ length: side }, (_, i) => i + 1).filter((g) => evenGrid(h, g) && evenGrid(w, g));
    const nearest = [Math.max(...even.filter((g) => g < grid)), ...even.filter((g) => g > grid).slice(0, 1)];
    report.error(`head grid ${grid} cannot split the ${h} x ${w} maps of the last block into windows of one size: some cells would average more of the map than with a smaller grid. Grids that split these maps evenly: ${even.join(', ')}.`,
        head, range, { code: IssueCodes.GridUneven, values: nearest });
}
