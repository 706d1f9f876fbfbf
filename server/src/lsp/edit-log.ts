// The edits of each open document since the version the workspace parsed last, merged into one: the engine
// then splices the next version's parse into the previous one (core/conf/incremental.ts) instead of parsing a
// 15 MB config again for a keystroke. The changes are the client's own incremental changes, taken where the
// text document applies them, so no text is compared.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextEdit } from '../core/conf/incremental';

interface Pending {
  /** The version the edit applies to, and the version it leads to. */
  from: number;
  to: number;
  edit: TextEdit;
}

export class EditLog {
  private readonly byUri = new Map<string, Pending>();

  /** TextDocuments' update: applies the changes one by one, noting each as an edit of the text before it. */
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const before = doc.version;
    let p = this.byUri.get(doc.uri);
    if (p && p.to !== before) p = undefined;
    for (const change of changes) {
      const oldLength = doc.getText().length;
      let edit: TextEdit;
      if ('range' in change) {
        const start = doc.offsetAt(change.range.start);
        const end = Math.max(start, doc.offsetAt(change.range.end));
        edit = { start, end, length: change.text.length };
      } else edit = { start: 0, end: oldLength, length: change.text.length };
      doc = TextDocument.update(doc, [change], version);
      p = p ? { from: p.from, to: version, edit: merge(p.edit, edit) } : { from: before, to: version, edit };
    }
    if (p) this.byUri.set(doc.uri, p);
    return doc;
  }

  /** The one edit that turns version `from` of the document into version `to`, when known. */
  since(uri: string, from: number, to: number): TextEdit | undefined {
    const p = this.byUri.get(uri);
    return p && p.from === from && p.to === to ? p.edit : undefined;
  }

  /** The workspace parsed this version: later edits are counted from it. */
  parsed(uri: string, version: number): void {
    const p = this.byUri.get(uri);
    if (p && p.to === version) this.byUri.delete(uri);
    else if (p && p.from !== version) this.byUri.delete(uri);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

/** `a` then `b` (b's offsets are in the text after a) as one edit of the text before a. */
export function merge(a: TextEdit, b: TextEdit): TextEdit {
  const start = Math.min(a.start, b.start);
  const endNow = Math.max(a.start + a.length, b.end);
  const end = endNow - a.length + (a.end - a.start);
  return { start, end, length: endNow - start + b.length - (b.end - b.start) };
}
