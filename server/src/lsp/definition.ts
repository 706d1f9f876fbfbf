// Go to Definition: from `$NAME` to the key it stands for (in this file or an included one; nothing for an
// environment variable), from an include path to the file, from a certificate/key/CA path to the file
// (resolved as the links and hovers resolve it).
import { DefinitionRequest, type Definition, type DefinitionParams, type LocationLink } from 'vscode-languageserver';
import { definitionPlaces, targetAt, targetSpan, type Place } from '../core/navigate/targets';
import type { Range } from '../core/types';
import { fileUri } from './convert';
import { openDoc } from './docs';
import { NATS_SELECTOR, registerForNats } from './nats-documents';
import type { Feature, ServerContext } from './server';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function placeLocation(p: Place): { uri: string; range: Range } {
  return 'file' in p ? { uri: fileUri(p.file), range: START } : { uri: fileUri(p.src.file), range: p.src.lines.range(p.start, p.end) };
}

export function definition(ctx: ServerContext, params: DefinitionParams, links: boolean): Definition | LocationLink[] | null {
  const open = openDoc(ctx, params.textDocument.uri);
  if (!open || open.doc.format !== 'conf') return null;
  const { doc, model } = open;
  const target = targetAt(doc, model, doc.src.lines.offset(params.position));
  if (!target) return null;
  const places = definitionPlaces(target);
  if (places.length === 0) return null;
  if (!links) return places.map(placeLocation);
  const span = targetSpan(target);
  const origin = doc.src.lines.range(span.start, span.end);
  return places.map((p) => {
    const { uri, range } = placeLocation(p);
    return { originSelectionRange: origin, targetUri: uri, targetRange: range, targetSelectionRange: range };
  });
}

export const definitionFeature: Feature = (ctx, params) => {
  const caps = params.capabilities.textDocument?.definition;
  ctx.connection.onDefinition((p) => definition(ctx, p, !!caps?.linkSupport));
  const dynamic = registerForNats(ctx, caps?.dynamicRegistration, () =>
    ctx.connection.client.register(DefinitionRequest.type, { documentSelector: NATS_SELECTOR }),
  );
  return dynamic ? {} : { definitionProvider: true };
};
