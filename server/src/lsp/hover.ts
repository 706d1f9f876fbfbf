// Hovers: certificate, CA and key files on their path values; field documentation on TLS field names.
// Everything comes from the cached TLS model; the markdown of a file reference is cached with it, so a
// warm hover costs a tree walk.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { blockOfEntry, nodeAt, refAt } from '../core/locate';
import { optionHoverAt } from '../core/schema/assist';
import { canonicalField } from '../core/tls/blocks';
import { fieldMarkdown } from '../core/tls/field-doc';
import { tlsField } from '../core/tls/fields';
import type { FileRef } from '../core/tls/model';
import { refHover } from '../core/tls/ref-info';
import { certIdentityMarkdown, dialMarkdown, pinMarkdown, userMarkdown } from '../core/topology/hover';
import { allModels, openDoc } from './docs';
import { honouring } from './cancel';
import type { Feature, ServerContext } from './server';

/** Markdown per file reference; a reference lives as long as its model (one document version, one refresh). */
const refMarkdown = new WeakMap<FileRef, string>();

export function hoverAt(ctx: ServerContext, params: HoverParams): Hover | null {
  const open = openDoc(ctx, params.textDocument.uri);
  if (!open) return null;
  const { doc, model, file } = open;
  const offset = doc.src.lines.offset(params.position);
  const ref = model && refAt(model, file, offset);
  if (ref && model) {
    let value = refMarkdown.get(ref);
    if (value === undefined) {
      value = refHover(ref, model, ref.field === 'cert_file' ? allModels(ctx) : []);
      refMarkdown.set(ref, value);
    }
    // Who the certificate logs in as depends on other documents: never cached with the reference.
    const identity = ref.field === 'cert_file' ? certIdentityMarkdown(ref, model, allModels(ctx)) : '';
    if (identity) value = `${value}\n\n${identity}`;
    const v = ref.entry.value!;
    return { contents: { kind: MarkupKind.Markdown, value }, range: doc.src.lines.range(v.start, v.end) };
  }
  // Route, gateway and leaf remote URLs, user names and pins: what the rest of the workspace says about them.
  const topo =
    model &&
    (dialMarkdown(model, allModels(ctx), offset) ??
      userMarkdown(model, allModels(ctx), offset) ??
      pinMarkdown(model, allModels(ctx), offset));
  if (topo && topo.at.src === doc.src)
    return { contents: { kind: MarkupKind.Markdown, value: topo.value }, range: doc.src.lines.range(topo.at.start, topo.at.end) };
  const at = nodeAt(doc.root, offset);
  if (!at.entry || !at.onKey) return null;
  const block = model && blockOfEntry(model, at.entry);
  const field = block && tlsField(canonicalField(at.entry.name, block.location));
  if (block && field)
    return { contents: { kind: MarkupKind.Markdown, value: fieldMarkdown(field, block.location) }, range: at.entry.keyRange };
  // Every other option nats-server reads: from the schema table.
  const option = optionHoverAt(doc, offset);
  return option
    ? { contents: { kind: MarkupKind.Markdown, value: option.markdown }, range: doc.src.lines.range(option.start, option.end) }
    : null;
}

export const hoverFeature: Feature = (ctx) => {
  ctx.connection.onHover(honouring((params) => hoverAt(ctx, params)));
  return { hoverProvider: true };
};
