// Node entry of the language server: stdio (`--stdio`), IPC or a socket, as the client asks.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeHost } from '../node-host';
import { codeActionsFeature } from './code-actions';
import { completionFeature } from './completion';
import { definitionFeature } from './definition';
import { formattingFeature } from './formatting';
import { hoverFeature } from './hover';
import { inlayHintsFeature } from './inlay-hints';
import { linksFeature } from './links';
import { referencesFeature } from './references';
import { renameFeature } from './rename';
import { requestsFeature } from './requests';
import { selectionRangesFeature } from './selection-ranges';
import { semanticTokensFeature } from './semantic-tokens';
import { startServer, type Feature } from './server';

/** Feature modules (hover, completion, …) register here. */
export const FEATURES: Feature[] = [
  hoverFeature,
  completionFeature,
  linksFeature,
  inlayHintsFeature,
  codeActionsFeature,
  requestsFeature,
  formattingFeature,
  definitionFeature,
  referencesFeature,
  renameFeature,
  selectionRangesFeature,
  semanticTokensFeature,
];

export function runLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // One bad request must not take the server down for the whole editor session.
  process.on('uncaughtException', (e) => connection.console.error(`nats-tls: uncaught ${e.stack ?? e}`));
  startServer(connection, { host: nodeHost(), env: process.env }, FEATURES);
}

if (require.main === module) runLanguageServer();
