/**
 * Quick fixes for the validator's diagnostics, chosen by `data.code` (smash-issue-codes.ts). The
 * validator already computed what a fix needs (the legal replacements, the text to delete with its
 * separator, where a missing transition goes) and put it in the diagnostic's data, so a fix is
 * only turned into edits here, never re-derived from a document that may have changed meaning.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { IssueCodes, type IssueCode } from './smash-issue-codes.js';
import type { IssueData } from './smash-validator-util.js';

type Fix = { title: string; edits: TextEdit[]; preferred?: boolean };

export class SmashCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = diagnostic.data as IssueData | undefined;
            if (!data || typeof data.code !== 'string') continue;
            for (const fix of fixesFor(document, diagnostic, data)) {
                actions.push({
                    title: fix.title,
                    kind: CodeActionKind.QuickFix,
                    diagnostics: [diagnostic],
                    isPreferred: fix.preferred,
                    edit: { changes: { [document.textDocument.uri]: fix.edits } },
                });
            }
        }
        return actions.length > 0 ? actions : undefined;
    }
}

const REPLACEMENT_TITLES: Partial<Record<IssueCode, (value: string, data: IssueData) => string>> = {
    [IssueCodes.UnitMultiple]: (v, d) => `Round to ${v} (a multiple of ${d.multiple})`,
    [IssueCodes.SliceMultiple]: (v, d) => `Round to ${v} (a multiple of slice x unit = ${d.multiple})`,
    [IssueCodes.InputTooNarrow]: (v) => `Widen to maxWidth, ${v}`,
    [IssueCodes.MaxBanksTooSmall]: (v) => `Set maxBanks to ${v}`,
    [IssueCodes.KernelEven]: (v) => `Use kernel size ${v}`,
    [IssueCodes.GridTooLarge]: (v) => `Use grid ${v}`,
    [IssueCodes.GridUneven]: (v) => `Use grid ${v}`,
    [IssueCodes.ReceptiveFieldEven]: (v) => `Use receptiveField ${v}`,
    [IssueCodes.DilationImpossible]: (v) => `Use dilation ${v}`,
    [IssueCodes.NoBankSize]: (v) => `Use bankSize ${v}`,
    [IssueCodes.UnknownKnob]: (v) => `Change to \`${v}\``,
    [IssueCodes.UnknownDataset]: (v) => `Change to \`${v}\``,
    [IssueCodes.UnknownOpFamily]: (v) => `Change to \`${v}\``,
};

function fixesFor(document: LangiumDocument, diagnostic: Diagnostic, data: IssueData): Fix[] {
    const replace = (text: string, range: Range = diagnostic.range): TextEdit => ({ range, newText: text });
    const title = REPLACEMENT_TITLES[data.code];
    const fixes: Fix[] = [];
    if (title) {
        data.values?.forEach((v, i) => fixes.push({ title: title(String(v), data), edits: [replace(String(v))], preferred: i === 0 }));
        if (data.text !== undefined) {
            fixes.push({ title: title(data.text, data), edits: [replace(data.text)], preferred: fixes.length === 0 });
        }
    }
    switch (data.code) {
        case IssueCodes.InvertedRange:
            if (data.swap) {
                const low = document.textDocument.getText(data.swap.low);
                const high = document.textDocument.getText(data.swap.high);
                fixes.push({
                    title: `Swap to ${high} .. ${low}`, preferred: true,
                    edits: [replace(high, data.swap.low), replace(low, data.swap.high)],
                });
            }
            break;
        case IssueCodes.DilationImpossible:
            if (data.remove) fixes.push({ title: `Drop dilation ${data.label}`, edits: [replace('', data.remove)], preferred: true });
            break;
        case IssueCodes.MissingTransition:
            if (data.insert) {
                const { position, text } = data.insert;
                fixes.push({
                    title: `Insert a transition of width ${data.label || 'W'}`, preferred: true,
                    edits: [replace(text, { start: position, end: position })],
                });
            }
            break;
        case IssueCodes.DuplicateProperty:
        case IssueCodes.DuplicateSection:
        case IssueCodes.DuplicateValue:
        case IssueCodes.DuplicateOpRef:
            if (data.remove) fixes.push({ title: `Remove the duplicate \`${data.label}\``, edits: [replace('', data.remove)], preferred: true });
            break;
        case IssueCodes.BankTooWide:
        case IssueCodes.BankNeverDrawn:
            if (data.remove) fixes.push({ title: `Remove ${data.label}`, edits: [replace('', data.remove)], preferred: true });
            break;
        case IssueCodes.MisplacedKnob:
            if (data.remove) fixes.push({ title: `Remove the misplaced \`${data.label}\``, edits: [replace('', data.remove)] });
            break;
        case IssueCodes.AugmentNoneCombined:
            if (data.list && data.text !== undefined) fixes.push({ title: 'Keep only `none` (no augmentation)', edits: [replace(data.text, data.list)] });
            if (data.remove) fixes.push({ title: 'Remove `none`', edits: [replace('', data.remove)] });
            break;
    }
    return fixes;
}
