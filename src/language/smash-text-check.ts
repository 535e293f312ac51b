/**
 * Whether a document is text at all. A UTF-16 file read as UTF-8 (as `smash check` and the engine
 * read files) starts with two U+FFFD for its byte-order mark and has a NUL byte in every other
 * place; any other NUL means a binary file. Either gets one diagnostic instead of one per byte.
 */
import { IssueCodes, type IssueCode } from './smash-issue-codes.js';

export interface TextProblem { code: IssueCode; message: string }

export function notText(text: string): TextProblem | undefined {
    if (!text.includes('\0')) return undefined;
    const head = text.slice(0, 512);
    const bom = head.startsWith('\uFFFD\uFFFD') || head.startsWith('\uFEFF');
    // Without a byte-order mark: ASCII text in UTF-16 has a NUL on the same side of nearly every pair.
    const pairs = Math.floor(head.length / 2);
    let even = 0;
    let odd = 0;
    for (let i = 0; i < pairs; i++) {
        const [a, b] = [head[2 * i] === '\0', head[2 * i + 1] === '\0'];
        if (a && !b) even++;
        if (b && !a) odd++;
    }
    if (bom || (pairs >= 4 && Math.max(even, odd) >= 0.9 * pairs)) {
        return { code: IssueCodes.FileUtf16, message: 'this file is UTF-16; save it as UTF-8' };
    }
    return { code: IssueCodes.FileBinary, message: 'this file is binary, not a .smash text file' };
}
