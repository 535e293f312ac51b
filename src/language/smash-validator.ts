/**
 * Validation of .smash documents. Every diagnostic has a stable code (smash-issue-codes.ts), sits
 * on the exact text of the offending value, and says what is wrong, what is allowed and why.
 *
 * Node-local rules (numbers, sets, duplicate properties) run per AST node; the rules that relate
 * several knobs run once per space on facts derived the way the compiler derives them
 * (smash-validator-facts.ts). Rules never assume a complete AST: the parser recovers from errors
 * and leaves properties undefined, references unresolved and numbers NaN or Infinity.
 */
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import { isBlock, isDataSection, isUnknownSetting, type Model, type SmashAstType, type Space } from './generated/ast.js';
import type { SmashServices } from './smash-module.js';
import { checkBudget } from './smash-rules-budget.js';
import { checkBlock, checkUnit, checkWidths } from './smash-rules-channels.js';
import { checkEstimates } from './smash-rules-estimates.js';
import { checkHeadGrid } from './smash-rules-head.js';
import { checkStemKernel } from './smash-rules-kernels.js';
import { checkFamily } from './smash-rules-ops.js';
import { checkData, checkProcedures } from './smash-rules-run.js';
import { checkAugmentations, checkSet } from './smash-rules-sets.js';
import {
    checkDuplicateProperties, checkDuplicateSections, checkModel, checkNames, checkOpRefs, checkOptimizerParams,
    checkSkeleton, checkUnusedFamilies,
} from './smash-rules-structure.js';
import { checkDataset, checkUnknownSetting } from './smash-rules-syntax.js';
import { checkNumbers } from './smash-rules-values.js';
import { collectFacts } from './smash-validator-facts.js';
import { Reporter } from './smash-validator-util.js';

export function registerValidationChecks(services: SmashServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.SmashValidator;
    const checks: ValidationChecks<SmashAstType> = {
        Model: validator.checkModel,
        Space: validator.checkSpace,
        AstNode: validator.checkNode,
    };
    registry.register(checks, validator);
}

export class SmashValidator {
    checkModel(model: Model, accept: ValidationAcceptor): void {
        checkModel(model, new Reporter(accept));
    }

    /** Rules on a single node, whatever the rest of the space looks like. */
    checkNode(node: AstNode, accept: ValidationAcceptor): void {
        const report = new Reporter(accept);
        checkNumbers(node, report);
        checkSet(node, report);
        checkAugmentations(node, report);
        checkDuplicateProperties(node, report);
        checkOptimizerParams(node, report);
        if (isBlock(node)) checkOpRefs(node, report);
        if (isUnknownSetting(node)) checkUnknownSetting(node, report);
        if (isDataSection(node)) checkDataset(node, report);
    }

    /** Rules that relate several knobs of the space. */
    checkSpace(space: Space, accept: ValidationAcceptor): void {
        const report = new Reporter(accept);
        const facts = collectFacts(space);
        checkSkeleton(facts, report);
        checkDuplicateSections(space, report);
        checkNames(space, report);
        checkUnusedFamilies(facts, report);
        checkUnit(facts, report);
        checkWidths(facts, report);
        checkStemKernel(facts, report);
        checkHeadGrid(facts, report);
        for (const block of facts.blocks) {
            checkBlock(facts, block, report);
            checkBudget(facts, block, report);
        }
        for (const family of facts.families) checkFamily(facts, family, report);
        checkData(facts, report);
        checkProcedures(facts, report);
        checkEstimates(facts, report);
    }
}
