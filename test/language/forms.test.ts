/**
 * Every form docs/language.md promises is accepted where it says so: the four forms of the forms
 * table (`v`, `{a, b}`, `{a: 2, b: 1}`, `lo .. hi`) on every knob whose value is a choice, bounds
 * as a range or a single count, any word of the language as a name, and each knob's documented
 * default written out, which must behave exactly like leaving the knob out.
 */
import { EmptyFileSystem, GrammarAST, AstUtils } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { KNOBS, type Section } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Smash);

async function check(text: string): Promise<{ errors: string[]; warnings: string[]; model: Model }> {
    const document = await parse(text, { validation: true });
    const diagnostics = document.diagnostics ?? [];
    const show = (severity: number) => diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code}: ${d.message}`);
    return { errors: show(1), warnings: show(2), model: document.parseResult.value };
}

/** The op-family and block knobs whose value the grammar parses as a choice (`IntChoices`; `x` is kernel's width part). */
function choiceKnobs(): Array<[string, string]> {
    const found: Array<[string, string]> = [];
    for (const [rule, section] of [['OpFamily', 'op'], ['Block', 'block']] as const) {
        const definition = services.Smash.Grammar.rules.find((r) => r.name === rule)!;
        for (const node of AstUtils.streamAllContents(definition)) {
            if (!GrammarAST.isGroup(node)) continue;
            const [keyword, assignment] = node.elements;
            if (GrammarAST.isKeyword(keyword) && GrammarAST.isAssignment(assignment) && GrammarAST.isRuleCall(assignment.terminal)
                && assignment.terminal.rule.ref?.name === 'IntChoices' && keyword.value !== 'x') found.push([section, keyword.value]);
        }
    }
    return found;
}

const FORMS: Record<string, string[]> = {
    // Values that are legal for the knob in the space below (unit 4, maxWidth 16, 28 x 28 maps).
    bankSize: ['2', '{1, 2}', '{2: 3, 4: 1}', '1 .. 4'],
    kernel: ['3', '{3, 5}', '{3: 2, 5: 1}', '3 .. 3'],
    dilation: ['1', '{1, 2}', '{1: 2, 2: 1}', '1 .. 2'],
    groups: ['2', '{1, 2}', '{1: 2, 4: 1}', '1 .. 2'],
    bottleneck: ['1', '{1, 2}', '{1: 2, 4: 1}', '1 .. 4'],
    paths: ['1', '{1, 2}', '{1: 2, 2: 1}', '1 .. 2'],
    depth: ['1', '{1, 2}', '{1: 2, 2: 1}', '1 .. 2'],
};

function space(op: string, block = 'bankSize 2'): string {
    return `space F {\n    unit 4\n    maxWidth 16\n    block b { ${block} }\n    op o { ${op} }\n}\n`;
}

describe('the forms table', () => {
    test('covers every choice knob of the grammar', () => {
        expect(choiceKnobs().map(([, k]) => k).sort()).toEqual(Object.keys(FORMS).sort());
    });

    test.each(choiceKnobs().flatMap(([section, knob]) => FORMS[knob]!.map((form) => [section, knob, form])))(
        '%s %s %s parses and checks clean', async (section, knob, form) => {
            const text = section === 'block' ? space('', `${knob} ${form}`) : space(`${knob} ${form}`);
            const { errors, model } = await check(text);
            expect(errors).toEqual([]);
            expect(() => compileSpace(model.space!)).not.toThrow();
        });

    test.each([['reads 2'], ['reads 1 .. 3'], ['writes 1'], ['writes 1 .. 2'], ['structure (2, 1)'], ['structure {(1): 1, (2, 1): 3}'], ['activation relu'], ['activation {relu: 2, tanh: 1}']])(
        'op %s parses and checks clean', async (setting) => {
            expect((await check(space(setting))).errors).toEqual([]);
        });

    test('paths and depth weights multiply into the structure weights', async () => {
        const { model } = await check(space('paths {1: 3, 2: 1} depth 1'));
        const structures = compileSpace(model.space!).ops.o!.structures.map((s) => [s.value, s.weight]);
        expect(structures).toEqual([[[1], 3], [[1, 1], 1]]);
    });
});

describe('names', () => {
    const words = [...new Set(AstUtils.streamAllContents(services.Smash.Grammar).filter(GrammarAST.isKeyword)
        .map((k) => k.value).filter((w) => /^[a-z]/i.test(w)))];

    test.each(words)('`%s` may name an op family and a block, and be used in `ops`', async (word) => {
        const text = `space S {\n    unit 4\n    maxWidth 16\n    block ${word} { ops ${word} }\n    op ${word} { kernel {3} }\n}\n`;
        const { errors, model } = await check(text);
        expect(errors).toEqual([]);
        const compiled = compileSpace(model.space!);
        expect(compiled.blocks[0]!.ops.map((o) => o.value)).toEqual([word]);
    });
});

/** A documented default, written as a .smash value for the space below (unit 8, maxWidth 64). */
const SPELLED: Record<string, string> = {
    'block.bankSize': '1 .. 8', 'block.maxBanks': '24', 'op.groups': '{1, 2, 4, 8}', 'op.reads': '1 .. 24',
    'op.writes': '1 .. 24', 'stem.width': '64', 'train.augment': 'crop 4, flip',
};

const PLAIN = 'space D {\n    block b1 { }\n    op conv { }\n}\n';

function withSetting(section: Section, text: string): string {
    switch (section) {
        case 'space': return PLAIN.replace('    block b1', `    ${text}\n    block b1`);
        case 'block': return PLAIN.replace('block b1 { }', `block b1 { ${text} }`);
        case 'op': return PLAIN.replace('op conv { }', `op conv { ${text} }`);
        case 'data': return PLAIN.replace('    block b1', `    data fashion-mnist { ${text} }\n    block b1`);
        default: return PLAIN.replace('    block b1', `    ${section} { ${text} }\n    block b1`);
    }
}

/** The compiled space without source locations, which differ by construction. */
function shape(model: Model): unknown {
    return JSON.parse(JSON.stringify(compileSpace(model.space!), (key, value) => (key === 'at' || key === 'uri' ? undefined : value)));
}

const defaults = KNOBS.filter((k) => k.keyword !== k.section && (k.default !== undefined) && !/as in/.test(k.default))
    .map((k) => [k.section, k.keyword, SPELLED[`${k.section}.${k.keyword}`] ?? k.default!] as const);

describe('a documented default written out', () => {
    test.each(defaults)('%s %s %s behaves like leaving it out', async (section, keyword, value) => {
        const setting = section === 'data' && keyword === 'data' ? `data ${value}` : `${keyword} ${value}`;
        const empty = section === 'space' || section === 'block' || section === 'op' || section === 'data' ? PLAIN : withSetting(section, '');
        const [without, written] = await Promise.all([check(empty), check(withSetting(section, setting))]);
        expect(written.errors).toEqual(without.errors);
        expect(written.warnings).toEqual(without.warnings);
        expect(shape(written.model)).toEqual(shape(without.model));
    });
});
