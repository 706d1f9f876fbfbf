// Editing features (formatting, semantic tokens, navigation) serve NATS config documents only. The client
// also sends YAML and JSON files (client configs), which have their own formatter and highlighting: where
// the client lets the server choose, those features are registered for the `nats` language alone, so
// VS Code never asks "which formatter?" for a JSON file. Other clients get a static capability, and the
// handlers answer nothing for documents that are not nats-server configs.
import type { DocumentSelector } from 'vscode-languageserver';
import { formatOf } from '../core/document';
import type { ServerContext } from './server';
import { uriToPath } from './workspace';

export const NATS_SELECTOR: DocumentSelector = [{ language: 'nats' }];

/**
 * When `dynamic` (the client supports dynamic registration of the feature), registers it once the client
 * is initialized (the server's first refresh follows `initialized`) and returns true; else false, and the
 * caller declares a static capability.
 */
export function registerForNats(ctx: ServerContext, dynamic: boolean | undefined, register: () => Promise<unknown>): boolean {
  if (!dynamic) return false;
  let done = false;
  ctx.onRefresh(() => {
    if (done) return;
    done = true;
    register().catch((e: unknown) => ctx.connection.console.error(`nats-tls: registering a feature failed: ${String(e)}`));
  });
  return true;
}

/** The open document at `uri`, when it is a nats-server config in the conf format (not YAML or JSON). */
export function natsText(ctx: ServerContext, uri: string): { text: string; file: string; version: number } | undefined {
  const td = ctx.documents.get(uri);
  if (!td) return undefined;
  const file = uriToPath(uri);
  if (formatOf(file, td.languageId) !== 'conf') return undefined;
  return { text: td.getText(), file, version: td.version };
}
