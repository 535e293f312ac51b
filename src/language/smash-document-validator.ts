/**
 * Langium's document validator with the .smash language's own front: a file that is not text gets
 * exactly one diagnostic; lexer, parser and linker errors get stable codes (smash-issue-codes.ts);
 * one syntax diagnostic is kept per broken statement, so that it does not bury the file in
 * follow-on errors; an unresolved op family names the families the space defines.
 */
import { AstUtils, DefaultDocumentValidator, type LangiumDocument, type ParseResult, type ValidationOptions } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isOpFamily, isSpace } from './generated/ast.js';
import { IssueCodes, type IssueCode } from './smash-issue-codes.js';
import { nearest, printable } from './smash-names.js';
import { notText } from './smash-text-check.js';
import type { IssueData } from './smash-validator-util.js';

const START = { line: 0, character: 0 };

export class SmashDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const problem = notText(document.textDocument.getText());
        if (problem) {
            return [{
                severity: 1, range: { start: START, end: START }, message: problem.message, code: problem.code,
                data: { code: problem.code } satisfies IssueData, source: this.getSource(),
            }];
        }
        return firstSyntaxErrorPerStatement(await super.validateDocument(document, options, cancelToken));
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLexingErrors(parseResult, own, options);
        diagnostics.push(...withCode(own, IssueCodes.SyntaxCharacter));
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processParsingErrors(parseResult, own, options);
        diagnostics.push(...withCode(own, IssueCodes.SyntaxExpected));
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            if (!reference.error || !reference.$refNode) continue;
            const container = reference.error.info.container;
            const word = reference.$refText;
            const space = AstUtils.getContainerOfType(container, isSpace);
            const families = space?.members.filter(isOpFamily).map((f) => f.name).filter((n) => n) ?? [];
            const guess = nearest(word, families);
            const defined = families.length > 0 ? `defines ${families.join(', ')}` : 'defines none (write `op NAME { ... }`)';
            const hint = guess ? `did you mean \`${guess}\`? This space ${defined}` : `this space ${defined}`;
            const data: IssueData = { code: IssueCodes.UnknownOpFamily, text: guess, label: word };
            diagnostics.push({
                severity: 1, range: reference.$refNode.range, code: data.code, data, source: this.getSource(),
                message: `unknown op family \`${printable(word)}\`; ${hint}`,
            });
        }
    }
}

/** Codes of the diagnostics that say a statement could not be read as written. */
const SYNTAX_CODES: ReadonlySet<string> = new Set([
    IssueCodes.SyntaxCharacter, IssueCodes.SyntaxExpected, IssueCodes.UnknownKnob, IssueCodes.MisplacedKnob,
    IssueCodes.BadValue, IssueCodes.UnknownDataset,
]);

/**
 * A syntax diagnostic that starts inside or right after an earlier one (the same broken statement
 * seen again by the parser resynchronising, or by the checker) is dropped; reading order is lexer,
 * parser, then checker, and the earliest position wins.
 */
function firstSyntaxErrorPerStatement(diagnostics: Diagnostic[]): Diagnostic[] {
    const syntax = diagnostics.filter((d) => SYNTAX_CODES.has(String(d.code)))
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const kept: Diagnostic[] = [];
    for (const d of syntax) {
        const { start } = d.range;
        const followsOn = kept.some(({ range }) => start.line >= range.start.line && start.line <= range.end.line
            && (start.line > range.start.line || start.character >= range.start.character)
            && (start.line < range.end.line || start.character <= range.end.character + 1));
        if (!followsOn) kept.push(d);
    }
    return diagnostics.filter((d) => !SYNTAX_CODES.has(String(d.code)) || kept.includes(d));
}

function withCode(diagnostics: Diagnostic[], code: IssueCode): Diagnostic[] {
    return diagnostics.map((d) => ({ ...d, code, data: { code } satisfies IssueData }));
}
