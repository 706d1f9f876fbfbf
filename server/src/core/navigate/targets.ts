// What Go to Definition, Find All References, Rename and highlights act on at a cursor: a `$NAME`
// reference, a key (a possible variable definition), an include path, or a certificate/key/CA path.
import type { Entry, IncludeNode, Source, VariableNode } from '../conf/ast';
import type { ConfigDoc } from '../document';
import { nodeAt, refAt } from '../locate';
import type { FileRef, TlsModel } from '../tls/model';
import { definitionOf, keySpan } from './variables';

export type Target =
  | { kind: 'variable'; use: VariableNode }
  | { kind: 'key'; entry: Entry }
  | { kind: 'include'; include: IncludeNode }
  | { kind: 'file'; ref: FileRef };

/** The target at `offset` in the document's own text. */
export function targetAt(doc: ConfigDoc, model: TlsModel | undefined, offset: number): Target | undefined {
  const at = nodeAt(doc.root, offset);
  if (at.include && at.include.src === doc.src) return { kind: 'include', include: at.include };
  if (at.entry && at.onKey && at.entry.src === doc.src) return { kind: 'key', entry: at.entry };
  const v = at.value;
  // A reference wins over the path it stands for: `cert_file: $CERT` goes to CERT's definition.
  if (v?.kind === 'variable' && v.src === doc.src) return { kind: 'variable', use: v };
  const ref = model && refAt(model, doc.file, offset);
  if (ref?.entry.value?.src === doc.src) return { kind: 'file', ref };
  return undefined;
}

/** A place to go to: a span of a parsed source, or the start of a file. */
export type Place = { src: Source; start: number; end: number } | { file: string };

/** Where the target is defined: a variable's key, the included file, the certificate file. Nothing for the environment. */
export function definitionPlaces(t: Target): Place[] {
  switch (t.kind) {
    case 'variable': {
      const def = definitionOf(t.use);
      if (def) return [{ src: def.src, ...keySpan(def) }];
      const r = t.use.resolved;
      // A value nats-server files under another key (after a key without a value) is defined where it is written.
      if (r?.from === 'misfiled') return [{ src: r.value.src, start: r.value.start, end: r.value.end }];
      return [];
    }
    case 'include':
      return t.include.target ? [{ file: t.include.target.file }] : [];
    case 'file':
      return t.ref.resolution.resolved ? [{ file: t.ref.resolution.resolved }] : [];
    case 'key':
      return [];
  }
}

/** The span of the target's own text under the cursor (for a link's origin). */
export function targetSpan(t: Target): { start: number; end: number } {
  switch (t.kind) {
    case 'variable':
      return { start: t.use.start, end: t.use.end };
    case 'key':
      return keySpan(t.entry);
    case 'include':
      return { start: t.include.pathStart, end: t.include.pathEnd };
    case 'file':
      return { start: t.ref.at.start, end: t.ref.at.end };
  }
}
