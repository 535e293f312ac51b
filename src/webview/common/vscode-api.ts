/**
 * The webview's handle on VS Code, acquired once (a second acquireVsCodeApi call throws) and kept
 * in this module rather than on `window`, as VS Code's webview guide asks.
 */
import type { WebviewApi } from 'vscode-webview';
import type { PanelState } from '../../shared/protocol.js';

export interface Host<Out> {
    post(message: Out): void;
    state(): PanelState | undefined;
    saveState(state: PanelState): void;
}

let api: WebviewApi<PanelState> | undefined;

export function host<Out>(): Host<Out> {
    api ??= acquireVsCodeApi<PanelState>();
    const handle = api;
    return {
        post: (message) => handle.postMessage(message),
        state: () => handle.getState(),
        saveState: (state) => handle.setState(state),
    };
}
