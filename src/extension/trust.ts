/** Searches run a program on the workspace's files, so they need a trusted workspace; editing does not. */
import * as vscode from 'vscode';

/** True in a trusted workspace; otherwise explains why `action` is unavailable and offers to manage trust. */
export function requireTrust(action: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage(
        `SMASH cannot ${action} in Restricted Mode: a search runs the SMASH engine, a program, on this workspace's files. ` +
        'Trust the workspace to run searches; editing .smash files works either way.',
        'Manage Workspace Trust',
    ).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
}
