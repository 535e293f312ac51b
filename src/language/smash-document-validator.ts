/**
 * Langium's document validator with the .smash language's own front: a file that is not text gets
 * exactly one diagnostic; lexer, parser and linker errors get stable codes (smash-issue-codes.ts);
 * a syntax error is reported once per line, so that one broken statement does not bury the file in
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
        return super.validateDocument(document, options, cancelToken);
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLexingErrors(parseResult, own, options);
        diagnostics.push(...withCode(own, IssueCodes.SyntaxCharacter));
    }

    /** One parser error per line: the first is the cause, the rest are usually the parser resynchronising. */
    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processParsingErrors(parseResult, own, options);
        const lines = new Set(diagnostics.map((d) => d.range.start.line));
        const kept = own.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
            .filter((d) => {
                if (lines.has(d.range.start.line)) return false;
                lines.add(d.range.start.line);
                return true;
            });
        diagnostics.push(...withCode(kept, IssueCodes.SyntaxExpected));
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

function withCode(diagnostics: Diagnostic[], code: IssueCode): Diagnostic[] {
    return diagnostics.map((d) => ({ ...d, code, data: { code } satisfies IssueData }));
}
