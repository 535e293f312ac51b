/** The language server: Langium services over the connection VS Code opens (IPC) or stdio. */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createSmashServices } from './smash-module.js';
import { registerSampleRequest } from './smash-sample-request.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createSmashServices({ connection, ...NodeFileSystem });
registerSampleRequest(shared, connection);
startLanguageServer(shared);
