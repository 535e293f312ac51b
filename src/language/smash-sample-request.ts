/**
 * The preview's request (`smash/sampleSpace`): draws from the space of an open document exactly as
 * `smash sample` does, once the document is validated. A document with errors is not sampled; the
 * answer says how many errors and where the first is, so the preview can keep its last picture.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { sampleSpace } from '../engine/space/sample-space.js';
import { sampleStats } from '../engine/space/sample-stats.js';
import { SAMPLE_SPACE_REQUEST, type SampleSpaceParams, type SampleSpaceResult } from '../shared/protocol.js';
import type { Model } from './generated/ast.js';
import { compileSpace } from './smash-compiler.js';

export function registerSampleRequest(shared: LangiumSharedServices, connection: Connection): void {
    connection.onRequest(SAMPLE_SPACE_REQUEST, (params: SampleSpaceParams, token: CancellationToken) => sampleSpaceRequest(shared, params, token));
}

export async function sampleSpaceRequest(shared: LangiumSharedServices, params: SampleSpaceParams, token?: CancellationToken): Promise<SampleSpaceResult> {
    const uri = URI.parse(params.uri);
    if (!shared.workspace.LangiumDocuments.hasDocument(uri)) return { ok: false, version: -1, message: `${uri.path} is not open` };
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
    const document = shared.workspace.LangiumDocuments.getDocument(uri) as LangiumDocument<Model>;
    const version = document.textDocument.version;
    const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1);
    const model = document.parseResult.value;
    if (errors.length > 0) {
        const first = errors[0]!;
        const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
        return { ok: false, version, message: `${count}; the first, line ${first.range.start.line + 1}: ${first.message}` };
    }
    if (!model.space) return { ok: false, version, message: 'the file defines no space' };
    const space = compileSpace(model.space);
    const seed = params.seed ?? space.seed;
    try {
        const samples = sampleSpace(space, seed, Math.max(params.count, params.show));
        return { ok: true, version, seed, spaceName: space.name, architectures: samples.slice(0, params.show), stats: sampleStats(space, samples) };
    } catch (error) {
        // The sampler's own explanation, e.g. a budget that cannot pay for a single op.
        return { ok: false, version, message: (error as Error).message };
    }
}
