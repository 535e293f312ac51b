/**
 * The head's grid: the last block's maps are average-pooled to grid x grid cells, so the grid can
 * be no finer than those maps (a grid equal to them keeps every pixel).
 */
import { IssueCodes } from './smash-issue-codes.js';
import { member, type SpaceFacts } from './smash-validator-facts.js';
import { isCount, propertyRange, type Reporter } from './smash-validator-util.js';

export function checkHeadGrid(facts: SpaceFacts, report: Reporter): void {
    const head = member(facts.space, 'Head');
    const grid = head?.grid;
    const resolution = facts.blocks[facts.blocks.length - 1]?.resolution;
    if (!head || !isCount(grid) || !resolution || resolution[0] < 1 || resolution[1] < 1) return;
    const side = Math.min(...resolution);
    if (grid <= side) return;
    report.error(`head grid ${grid} is finer than the ${resolution[0]} x ${resolution[1]} maps of the last block: the head pools those maps to grid x grid cells, so the grid is at most ${side}.`,
        head, propertyRange(head, 'grid'), { code: IssueCodes.GridTooLarge, values: [side] });
}
