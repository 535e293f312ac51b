/**
 * Dependency injection for the .smash language: the generated parser and AST, plus one service per
 * concern (syntax messages, validation, completion, hover, formatting, quick fixes, semantic tokens). Langium's
 * defaults provide navigation, references, rename, symbols and folding for op families and blocks.
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { SmashGeneratedModule, SmashGeneratedSharedModule } from './generated/module.js';
import { SmashCodeActionProvider } from './smash-code-actions.js';
import { SmashCodeLensProvider } from './smash-code-lens.js';
import { SmashCompletionProvider } from './smash-completion.js';
import { SmashDocumentValidator } from './smash-document-validator.js';
import { SmashFormatter } from './smash-formatter.js';
import { SmashHoverProvider } from './smash-hover.js';
import { SmashSemanticTokenProvider } from './smash-semantic-tokens.js';
import { SmashLexerErrorMessageProvider, SmashParserErrorMessageProvider } from './smash-syntax-messages.js';
import { SmashDocumentSymbolProvider, SmashNodeKindProvider } from './smash-symbols.js';
import { registerValidationChecks, SmashValidator } from './smash-validator.js';

export type SmashAddedServices = {
    validation: {
        SmashValidator: SmashValidator;
    };
};

export type SmashServices = LangiumServices & SmashAddedServices;

export const SmashModule: Module<SmashServices, PartialLangiumServices & SmashAddedServices> = {
    parser: {
        ParserErrorMessageProvider: () => new SmashParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new SmashLexerErrorMessageProvider(),
    },
    validation: {
        SmashValidator: () => new SmashValidator(),
        DocumentValidator: (services) => new SmashDocumentValidator(services),
    },
    lsp: {
        CompletionProvider: (services) => new SmashCompletionProvider(services),
        HoverProvider: (services) => new SmashHoverProvider(services),
        Formatter: () => new SmashFormatter(),
        CodeActionProvider: () => new SmashCodeActionProvider(),
        CodeLensProvider: () => new SmashCodeLensProvider(),
        SemanticTokenProvider: (services) => new SmashSemanticTokenProvider(services),
        DocumentSymbolProvider: (services) => new SmashDocumentSymbolProvider(services),
    },
};

const SmashSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        NodeKindProvider: () => new SmashNodeKindProvider(),
    },
};

export function createSmashServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Smash: SmashServices;
} {
    const shared = inject(createDefaultSharedModule(context), SmashGeneratedSharedModule, SmashSharedModule);
    const Smash = inject(createDefaultModule({ shared }), SmashGeneratedModule, SmashModule);
    shared.ServiceRegistry.register(Smash);
    registerValidationChecks(Smash);
    if (!context.connection) {
        // Without a client nobody sends `initialized`, and configuration lookups would wait forever.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Smash };
}
