/**
 * Loading .smash files outside VS Code: the same Langium services as the language server, over the
 * real file system, so that the CLI and the engine report exactly what the editor shows.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { SearchSpace } from '../engine/space/space.js';
import type { Model } from '../language/generated/ast.js';
import { compileSpace } from '../language/smash-compiler.js';
import { createSmashServices } from '../language/smash-module.js';

export interface CheckedFile {
    /** The path as the user wrote it, for messages. */
    path: string;
    uri: string;
    diagnostics: Diagnostic[];
    /** The compiled space, when the file has no errors. */
    space?: SearchSpace;
}

/** A file that cannot be read at all (missing, a directory, no permission). */
export class UnreadableFileError extends Error {
    constructor(readonly path: string, reason: string) {
        super(`cannot read ${path}: ${reason}`);
    }
}

export async function checkFiles(paths: string[]): Promise<CheckedFile[]> {
    const { shared } = createSmashServices(NodeFileSystem);
    const documents: Array<{ path: string; document: LangiumDocument<Model> }> = [];
    for (const path of paths) {
        const text = await readText(path);
        const uri = URI.file(resolve(path));
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, uri);
        shared.workspace.LangiumDocuments.addDocument(document);
        documents.push({ path, document });
    }
    await shared.workspace.DocumentBuilder.build(documents.map((d) => d.document), { validation: true });
    return documents.map(({ path, document }) => {
        const diagnostics = document.diagnostics ?? [];
        const hasErrors = diagnostics.some((d) => d.severity === 1);
        const model = document.parseResult.value;
        return {
            path,
            uri: document.uri.toString(),
            diagnostics,
            space: !hasErrors && model.space ? compileSpace(model.space) : undefined,
        };
    });
}

async function readText(path: string): Promise<string> {
    try {
        return await readFile(path, 'utf8');
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
        throw new UnreadableFileError(path, reason);
    }
}
