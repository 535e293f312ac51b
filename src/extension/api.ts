/**
 * What `activate` returns: enough for an end-to-end suite in a real VS Code to drive the extension
 * without clicking inside webviews (which run in sandboxed frames).
 */
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SourceRef } from '../engine/space/space.js';
import type { LiveFromWebview, ResultsFromWebview } from '../shared/protocol.js';
import { LivePanel } from './live-panel.js';
import { ResultsPanel } from './results-panel.js';
import type { RevealResult } from './reveal.js';
import type { RunManager } from './run-manager.js';

export interface SmashApi {
    readonly client: LanguageClient;
    readonly runs: RunManager;
    livePanels(): LivePanel[];
    resultsPanels(): ResultsPanel[];
    /** Handles `message` as if the run's panel had posted it (the panel must be open). */
    postFromLiveWebview(runDir: string, message: LiveFromWebview): Promise<void>;
    postFromResultsWebview(runDir: string, message: ResultsFromWebview): Promise<void>;
    /** The reveal of a clicked op, value or block, with what it found and the editor it selected in. */
    revealForTest(runDir: string, source: SourceRef, label: string): Promise<RevealResult | undefined>;
}

export function createApi(client: LanguageClient, runs: RunManager): SmashApi {
    const live = (runDir: string) => LivePanel.get(runDir) ?? fail(`no live panel is open for ${runDir}`);
    const results = (runDir: string) => ResultsPanel.get(runDir) ?? fail(`no results panel is open for ${runDir}`);
    return {
        client,
        runs,
        livePanels: () => LivePanel.all(),
        resultsPanels: () => ResultsPanel.all(),
        postFromLiveWebview: (runDir, message) => live(runDir).handleMessage(message),
        postFromResultsWebview: (runDir, message) => results(runDir).handleMessage(message),
        revealForTest: (runDir, source, label) => results(runDir).reveal(source, label),
    };
}

function fail(message: string): never {
    throw new Error(message);
}
