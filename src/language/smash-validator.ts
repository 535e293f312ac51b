import type { ValidationChecks } from 'langium';
import type { SmashAstType } from './generated/ast.js';
import type { SmashServices } from './smash-module.js';

export function registerValidationChecks(services: SmashServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.SmashValidator;
    const checks: ValidationChecks<SmashAstType> = {};
    registry.register(checks, validator);
}

export class SmashValidator {}
