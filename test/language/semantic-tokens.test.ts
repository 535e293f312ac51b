import { readFileSync } from 'node:fs';
import { AstUtils, EmptyFileSystem, GrammarAST } from 'langium';
import { expectSemanticToken, highlightHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { KNOBS } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const highlight = highlightHelper(services.Smash);

/** Every `<|...|>` range of the text must carry the token type given for it, in order. */
async function expectTokens(text: string, types: SemanticTokenTypes[]): Promise<void> {
    const tokens = await highlight(text);
    expect(tokens.ranges.length).toBe(types.length);
    types.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
}

describe('semantic tokens', () => {
    test('declarations and references of the space, blocks and op families', async () => {
        await expectTokens(
            'space <|Tiny|> { block <|b1|> { ops <|conv|>: 1 } op <|conv|> { } }',
            [SemanticTokenTypes.namespace, SemanticTokenTypes.class, SemanticTokenTypes.function, SemanticTokenTypes.function],
        );
    });

    test('a word of the language used as a name is highlighted as the name', async () => {
        await expectTokens(
            'space <|train|> { block <|kernel|> { ops <|big|> } op <|big|> { structure <|big|> } }',
            [SemanticTokenTypes.namespace, SemanticTokenTypes.class, SemanticTokenTypes.function, SemanticTokenTypes.function, SemanticTokenTypes.enumMember],
        );
    });

    test('knob keywords are properties, section keywords stay keywords', async () => {
        await expectTokens(
            'space S { <|unit|> 4 <|block|> b { <|bankSize|> 1 } <|hypernet|> { <|stem|> 7 <|legacyEncoding|> } data mnist { <|train|> 10 } }',
            [
                SemanticTokenTypes.property, SemanticTokenTypes.keyword, SemanticTokenTypes.property,
                SemanticTokenTypes.keyword, SemanticTokenTypes.property, SemanticTokenTypes.property, SemanticTokenTypes.property,
            ],
        );
    });

    test('numbers, strings and enum-like values', async () => {
        await expectTokens(
            'space S { data <|cifar10|> { path <|"d"|> } transition { pool <|max|> } op o { activation {<|relu|>: <|0.5|>, tanh} '
                + 'structure <|variable|> } train { optimizer <|sgd|>(lr <|1e-4|>) schedule <|cosine|> augment <|flip|> } }',
            [
                SemanticTokenTypes.enumMember, SemanticTokenTypes.string, SemanticTokenTypes.enumMember,
                SemanticTokenTypes.enumMember, SemanticTokenTypes.number, SemanticTokenTypes.enumMember,
                SemanticTokenTypes.enumMember, SemanticTokenTypes.number, SemanticTokenTypes.enumMember, SemanticTokenTypes.enumMember,
            ],
        );
    });

    test('`none` is a value', async () => {
        await expectTokens('space S { train { augment <|none|> } retrain { augment <|none|>, <|crop|> <|2|> } }', [
            SemanticTokenTypes.enumMember, SemanticTokenTypes.enumMember, SemanticTokenTypes.enumMember, SemanticTokenTypes.number,
        ]);
    });

    test('structural words inside values are keywords, not values', async () => {
        await expectTokens(
            'space S { block b { budget 0.3 .. 1.0 <|of|> 64 <|anneal|> <|from|> 0.5 <|over|> 50% } input 28 <|x|> 28 <|x|> 1 }',
            Array(6).fill(SemanticTokenTypes.keyword),
        );
    });

    test('every token of an example is classified once', async () => {
        const { tokens } = await highlight('space S { unit 8 op o { kernel {3, 5} x {1} } }');
        expect(tokens.map((t) => `${t.text}:${t.tokenType}`)).toEqual([
            'space:keyword', 'S:namespace', 'unit:property', '8:number', 'op:keyword', 'o:function',
            'kernel:property', '3:number', '5:number', 'x:keyword', '1:number',
        ]);
    });
});

interface Rule {
    match?: string;
    begin?: string;
    end?: string;
    name?: string;
    include?: string;
    captures?: Record<string, { name: string }>;
    beginCaptures?: Record<string, { name: string }>;
    patterns?: Rule[];
}

const textMate = JSON.parse(readFileSync('syntaxes/smash.tmLanguage.json', 'utf8')) as { patterns: Rule[]; repository: Record<string, { patterns: Rule[] }> };

/** A one-line TextMate tokenizer (earliest match wins, ties go to the first rule): enough to check scopes. */
function scopes(line: string): Array<[string, string]> {
    const resolve = (rules: Rule[]): Rule[] => rules.flatMap((r) => (r.include ? resolve(textMate.repository[r.include.slice(1)]!.patterns) : [r]));
    const tokens: Array<[string, string]> = [];
    const scan = (rules: Rule[], from: number, end?: string): number => {
        let pos = from;
        while (pos < line.length) {
            const candidates = resolve(rules).map((rule) => ({ rule, m: exec(rule.match ?? rule.begin!, pos) }));
            const stop = end === undefined ? null : exec(end, pos);
            const best = candidates.filter((c) => c.m).sort((a, b) => a.m!.index - b.m!.index)[0];
            if (stop && (!best || stop.index <= best.m!.index)) return stop.index + stop[0].length;
            if (!best) return line.length;
            const { rule, m } = best;
            const captures = rule.captures ?? rule.beginCaptures ?? {};
            m!.slice(1).forEach((text, i) => { if (text && captures[i + 1]) tokens.push([text, captures[i + 1]!.name]); });
            if (rule.name && !Object.keys(captures).some((k) => k !== '0' && m![Number(k)])) tokens.push([m![0], rule.name]);
            pos = m!.index + Math.max(1, m![0].length);
            if (rule.begin) pos = scan(rule.patterns ?? [], pos, rule.end);
        }
        return pos;
    };
    const exec = (source: string, pos: number) => {
        const regex = new RegExp(source, 'g');
        regex.lastIndex = pos;
        return regex.exec(line);
    };
    scan(textMate.patterns, 0);
    return tokens;
}

describe('TextMate grammar', () => {
    test('names after space, block and op, and the op families after `ops`', () => {
        expect(scopes('space Tiny { block b1 { ops basic: 0.7, wide } op basic {')).toEqual(expect.arrayContaining([
            ['Tiny', 'entity.name.namespace.smash'], ['b1', 'entity.name.type.class.smash'],
            ['basic', 'entity.name.function.smash'], ['wide', 'entity.name.function.smash'], ['0.7', 'constant.numeric.smash'],
        ]));
    });

    test('keywords by role: knobs, sections, values, words', () => {
        for (const knob of KNOBS.filter((k) => k.keyword !== k.section)) {
            expect(scopes(`    ${knob.keyword} 1`)[0], knob.keyword).toEqual([knob.keyword, 'variable.other.property.smash']);
        }
        for (const section of ['stem', 'transition', 'hypernet', 'train', 'search', 'retrain']) {
            expect(scopes(`${section} {`)[0]).toEqual([section, 'keyword.other.section.smash']);
        }
        expect(scopes('data fashion-mnist pool avg activation {relu: 2} budget 0.3 .. 1 of 64')).toEqual(expect.arrayContaining([
            ['fashion-mnist', 'constant.language.dataset.smash'], ['avg', 'constant.language.smash'], ['relu', 'constant.language.smash'],
            ['..', 'keyword.operator.range.smash'], ['of', 'keyword.operator.word.smash'],
        ]));
    });

    test('numbers with exponents and percentages, strings and comments', () => {
        expect(scopes('lr 1e-4 .5 kernelAnneal 12.5% path "a\\\\b"')).toEqual([
            ['lr', 'variable.parameter.smash'], ['1e-4', 'constant.numeric.smash'], ['.5', 'constant.numeric.smash'],
            ['kernelAnneal', 'variable.other.property.smash'], ['%', 'keyword.other.unit.percent.smash'],
            ['path', 'variable.other.property.smash'], ['"', 'string.quoted.double.smash'], ['\\\\', 'constant.character.escape.smash'],
        ]);
        expect(scopes('/** doc */')[0]).toEqual(['/**', 'comment.block.documentation.smash']);
        expect(scopes('/* kernel */')[0]).toEqual(['/*', 'comment.block.smash']);
        expect(scopes('seed 1 // unit')[2]).toEqual(['//', 'comment.line.double-slash.smash']);
    });

    test('every word of the grammar has a scope', () => {
        const words = AstUtils.streamAllContents(services.Smash.Grammar).filter(GrammarAST.isKeyword)
            .map((k) => k.value).filter((w) => /^[a-z]/i.test(w)).toSet();
        for (const word of words) expect(scopes(`${word} `).length, word).toBeGreaterThan(0);
    });
});
