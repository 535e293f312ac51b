/**
 * Hover: on a knob keyword (or a value word such as `relu`), the knob's documentation and default
 * from smash-knobs.ts; on the name of the space, a block or an op family (declaration or reference
 * in `ops`), its doc comment and the numbers derived from the compiled space. Compiling and
 * estimating the statistics happen once per parse of the document, and only when it has no errors.
 */
import { CstUtils, DocumentState, type AstNode, type LangiumDocument } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { estimateSpaceStats, type SpaceStats } from '../engine/space/space-stats.js';
import type { SearchSpace } from '../engine/space/space.js';
import { isBlock, isModel, isOpFamily, isSpace } from './generated/ast.js';
import { compileSpace } from './smash-compiler.js';
import { blockMarkdown, knobMarkdown, opFamilyMarkdown, spaceMarkdown } from './smash-hover-content.js';
import { keywordLeafAt, knobOfKeyword } from './smash-sections.js';

interface Unavailable {
    unavailable: string;
}

/** The compiled space, and its statistics once a hover has needed them (sampling costs tens of ms). */
type Derived = { space: SearchSpace; stats?: SpaceStats | Unavailable } | Unavailable;

export class SmashHoverProvider extends MultilineCommentHoverProvider {
    /** Keyed by the root of a parse, so that each version of a document is compiled at most once. */
    private readonly derived = new WeakMap<AstNode, Derived>();

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const keyword = keywordLeafAt(root, offset);
        if (keyword) {
            const knob = knobOfKeyword(keyword);
            return knob ? markdown(knobMarkdown(knob)) : undefined;
        }
        const name = CstUtils.findDeclarationNodeAtOffset(root, offset, this.grammarConfig.nameRegexp);
        const target = name && offset < name.end ? this.references.findDeclarations(name)[0] : undefined;
        if (isSpace(target) || isBlock(target) || isOpFamily(target)) {
            const title = `**${isSpace(target) ? 'space' : isBlock(target) ? 'block' : 'op'}** \`${target.name}\``;
            const comment = this.documentationProvider.getDocumentation(target);
            const numbers = this.derivedMarkdown(document, target);
            return markdown([title, comment, numbers].filter((s) => s).join('\n\n'));
        }
        return super.getHoverContent(document, params);
    }

    private derivedMarkdown(document: LangiumDocument, target: AstNode & { name: string }): string | undefined {
        const derived = this.derive(document);
        if ('unavailable' in derived) return `_${derived.unavailable}_`;
        const { space } = derived;
        if (isOpFamily(target)) return opFamilyMarkdown(space, target.name);
        derived.stats ??= estimateStats(space);
        const { stats } = derived;
        if ('unavailable' in stats) return `_${stats.unavailable}_`;
        return isSpace(target) ? spaceMarkdown(space, stats) : blockMarkdown(space, stats, target.name);
    }

    private derive(document: LangiumDocument): Derived {
        if (document.state < DocumentState.Validated) {
            return { unavailable: 'Derived numbers appear once the document has been checked.' };
        }
        const model = document.parseResult.value;
        const cached = this.derived.get(model);
        if (cached) return cached;
        const derived = computeDerived(document);
        this.derived.set(model, derived);
        return derived;
    }
}

function computeDerived(document: LangiumDocument): Derived {
    const { lexerErrors, parserErrors, value } = document.parseResult;
    const errors = lexerErrors.length + parserErrors.length
        + (document.diagnostics ?? []).filter((d) => d.severity === 1).length;
    if (errors > 0) {
        const what = errors === 1 ? 'the error in this file is' : `the ${errors} errors in this file are`;
        return { unavailable: `Derived numbers are unavailable until ${what} fixed.` };
    }
    if (!isModel(value) || !value.space) return { unavailable: 'This file declares no space.' };
    try {
        return { space: compileSpace(value.space) };
    } catch (error) {
        return { unavailable: `The space could not be compiled: ${messageOf(error)}` };
    }
}

function estimateStats(space: SearchSpace): SpaceStats | Unavailable {
    try {
        return estimateSpaceStats(space);
    } catch (error) {
        return { unavailable: `The statistics of the space could not be estimated: ${messageOf(error)}` };
    }
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

function markdown(value: string): Hover {
    return { contents: { kind: 'markdown', value } };
}
