// Document links: every certificate/key/CA path that resolved, and every include that was found.
import * as path from 'node:path';
import type { DocumentLink } from 'vscode-languageserver';
import { redact, secretsOf } from '../core/conf/secrets';
import { includesOf } from '../core/locate';
import { fileUri } from './convert';
import { openDoc } from './docs';
import { honouring } from './cancel';
import type { Feature, ServerContext } from './server';

export function documentLinks(ctx: ServerContext, uri: string): DocumentLink[] {
  const open = openDoc(ctx, uri);
  if (!open) return [];
  const { doc, model, file } = open;
  const links: DocumentLink[] = [];
  const secrets = secretsOf(doc.src);
  for (const ref of model?.refs ?? []) {
    const resolved = ref.resolution.resolved;
    if (!resolved || ref.at.src.file !== file || ref.at.src !== doc.src) continue;
    // A path taken from the environment (or a file that is not a config) is not shown, not even as a link.
    if (secrets.length && redact(resolved, secrets) !== resolved) continue;
    const base = ref.resolution.base ? ` (relative to ${ref.resolution.base})` : '';
    links.push({ range: doc.src.lines.range(ref.at.start, ref.at.end), target: fileUri(resolved), tooltip: `Open ${resolved}${base}` });
  }
  for (const inc of includesOf(doc)) {
    const target = inc.target?.file;
    if (!target) continue;
    links.push({ range: inc.pathRange, target: fileUri(target), tooltip: `Open ${path.basename(target)} (${target})` });
  }
  return links.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export const linksFeature: Feature = (ctx) => {
  ctx.connection.onDocumentLinks(honouring((params) => documentLinks(ctx, params.textDocument.uri)));
  return { documentLinkProvider: { resolveProvider: false } };
};
