/**
 * The extension's entry point. VS Code does not tell the user when an extension fails to activate,
 * so activation reports its own failures. A language server that fails to start leaves the search
 * commands and panels working.
 */
import * as vscode from 'vscode';
import { createApi, type SmashApi } from './api.js';
import { registerCommands, registerSerializers } from './commands.js';
import { Ctx } from './ctx.js';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SmashApi> {
    try {
        ctx = new Ctx(context);
        registerSerializers(ctx);
        registerCommands(ctx);
    } catch (error) {
        report('SMASH failed to start', error);
        throw error;
    }
    try {
        await ctx.client.start();
    } catch (error) {
        report('the SMASH language server failed to start', error);
    }
    return createApi(ctx.client, ctx.runs);
}

export async function deactivate(): Promise<void> {
    await ctx?.dispose();
    ctx = undefined;
}

function report(what: string, error: unknown): void {
    const message = `${what}: ${(error as Error)?.message ?? String(error)}`;
    ctx?.output.appendLine(`${message}\n${(error as Error)?.stack ?? ''}`);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
        if (choice) ctx?.output.show();
    });
}
