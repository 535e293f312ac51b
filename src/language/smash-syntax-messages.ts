/**
 * The lexer's and parser's messages in the words of docs/language.md, one line each: "expected `}`
 * in the space, found the end of the file" rather than "Expecting token of type '}' but found ...",
 * and no multi-line list of token sequences. Quoted
 * text goes through `printable`, so a binary file cannot put NUL bytes or a 130-character token
 * into a diagnostic. The codes are attached by SmashDocumentValidator.
 */
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { LangiumParserErrorMessageProvider } from 'langium';
import { printable } from './smash-names.js';

/** How a message names a token type: a keyword in backquotes, a terminal by what it is. */
function describe(type: TokenType): string {
    switch (type.name) {
        case 'NUMBER': return 'a number';
        case 'ID': return 'a name';
        case 'STRING': return 'a quoted string';
        case 'EOF': return 'the end of the file';
        default: return `\`${type.name}\``;
    }
}

function found(token: IToken | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || token.image === '') return 'the end of the file';
    return `\`${printable(token.image)}\``;
}

/** What the parser was reading, by grammar rule (Langium suffixes rule names with U+200B). */
function within(ruleName: string | undefined): string {
    const rule = (ruleName ?? '').replace(/\u200B/g, '');
    const PLACES: Record<string, string> = {
        Space: 'the space', DataSection: '`data`', Stem: '`stem`', Block: 'a block', Transition: 'a transition', Head: '`head`',
        OpFamily: 'an op family', HyperNet: '`hypernet`', Train: '`train`', Search: '`search`', Retrain: '`retrain`',
        ValueSet: 'a set', StructureSet: 'a structure set', ActivationSet: 'an activation set', IntRange: 'a range',
        InputDecl: '`input`', AdamOptimizer: '`adam(...)`', SgdOptimizer: '`sgd(...)`', FractionBudget: 'a budget',
    };
    const place = PLACES[rule];
    return place ? ` in ${place}` : '';
}

/** The first tokens of the alternatives, deduplicated, at most a handful. */
function choices(paths: TokenType[][]): string {
    const firsts = [...new Set(paths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined).map(describe))];
    const shown = firsts.slice(0, 6);
    const list = shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
    return firsts.length > shown.length ? `${shown.join(', ')}, ...` : list;
}

export class SmashParserErrorMessageProvider extends LangiumParserErrorMessageProvider implements IParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        return `expected ${describe(options.expected)}${within(options.ruleName)}, found ${found(options.actual)}`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `unexpected ${found(options.firstRedundant)} after the end of the space: a file holds one \`space Name { ... }\``;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
        const paths = options.expectedPathsPerAlt.flat();
        const actual = options.actual[0];
        // The word itself may start a setting here; what fails is further on, often a missing `}`.
        if (actual && paths.some((p) => p[0] === actual.tokenType)) {
            return `${found(actual)}${within(options.ruleName)} cannot be read to its end: check its value, and that its section is closed with \`}\``;
        }
        return `expected ${choices(paths)}${within(options.ruleName)}, found ${found(actual)}`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
        return `expected ${choices(options.expectedIterationPaths)}${within(options.ruleName)}, found ${found(options.actual[0])}`;
    }
}

export class SmashLexerErrorMessageProvider implements ILexerErrorMessageProvider {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + length);
        const what = [...text].length === 1 ? 'character' : 'characters';
        return `unexpected ${what} \`${printable(text)}\`: not part of any word, number or symbol of the language`;
    }

    buildUnableToPopLexerModeMessage(token: IToken): string {
        return `unexpected \`${printable(token.image)}\``;
    }
}
