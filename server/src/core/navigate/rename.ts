// Renaming a variable: its key and every `$NAME` reference that stands for it, in the document and in the
// files that include it or that it includes. Refused when the new name is not a plain name, names a
// nats-server option (a top-level `port: 1` *is* the port), or would change what any reference stands for:
// the renamed references must still reach the renamed key, and no other reference may start reaching it.
// That last check re-resolves every affected config with the edits applied, so it follows nats-server's
// scoping exactly (conf/resolve.ts) instead of re-implementing it.
import * as path from 'node:path';
import { Source, type Entry, type VariableNode } from '../conf/ast';
import { loadConf, type ConfContext } from '../conf/resolve';
import type { ConfigDoc } from '../document';
import type { OffsetEdit } from '../edits/text-edit';
import { isKnownKey, keyPath } from '../keys/known';
import type { EngineFs, FileStat } from '../types';
import { definitionOf, keySpan, nameSpan, referencesIn, sameEntry, usesOf } from './variables';

/** A name a reference can spell and a key can be written as, unquoted: `$NAME` ends at the first other character. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface RenameInput {
  def: Entry;
  newName: string;
  /** The configs to search for references (the workspace's). */
  docs: readonly ConfigDoc[];
  /** The current text of a file: the editor's for an open one, else the disk's. */
  textOf: (file: string) => string | undefined;
  /** How the configs were resolved (environment, file system, dialect), to resolve them again. */
  ctx: ConfContext;
}

export type RenamePlan = { ok: true; edits: Map<string, OffsetEdit[]> } | { ok: false; reason: string };

export function planRename(input: RenameInput): RenamePlan {
  const { def, newName, docs } = input;
  const uses = usesOf(def, docs);
  const refused = renameBlocker(def, uses.length) ?? checkName(def, newName);
  if (refused) return { ok: false, reason: refused };
  const edits = new Map<string, OffsetEdit[]>();
  const add = (file: string, span: { start: number; end: number }): void => {
    const list = edits.get(file) ?? [];
    list.push({ ...span, newText: newName });
    edits.set(file, list);
  };
  add(def.src.file, keySpan(def));
  for (const v of uses) add(v.src.file, nameSpan(v));
  for (const list of edits.values()) list.sort((a, b) => a.start - b.start);
  const captured = checkBindings(input, uses, edits);
  return captured ? { ok: false, reason: captured } : { ok: true, edits };
}

/** Why the definition cannot be renamed at all, whatever the new name; `uses`: how many references stand for it. */
export function renameBlocker(def: Entry, uses: number): string | undefined {
  const path = keyPath(def);
  if (isKnownKey(path, def.key))
    return `${def.key} is a nats-server option here, not only a variable: renaming it would change the configuration.`;
  // A key no reference uses is a variable only at the top level (inside a block it is a setting).
  if (uses === 0 && path.length > 0) return `No $${def.key} refers to ${def.key}: it is a setting of its block, not a variable.`;
  return undefined;
}

/** Why `newName` cannot replace the definition's key, if it cannot. */
export function checkName(def: Entry, newName: string): string | undefined {
  if (!NAME.test(newName))
    return `"${newName}" cannot be a variable name: use letters, digits, "_" and "-", starting with a letter or "_" (a reference $${newName} would not read as one name).`;
  if (newName.toLowerCase() === 'include')
    return '"include" cannot be a variable name: nats-server reads `include …` as the include directive.';
  const path = keyPath(def);
  if (isKnownKey(path, newName))
    return `${newName} is a nats-server option${path.length ? ` in ${path.join('.')}` : ''}: a variable of that name would set it.`;
  const map = def.parent;
  if (map?.kind === 'map') {
    // Keys are stored as written (case included), so only the exact name clashes.
    const clash = map.entries.find((e): e is Entry => e.kind === 'entry' && e !== def && e.key === newName);
    if (clash) return `This block already has a key ${clash.key}: a second one would replace its value.`;
  }
  return undefined;
}

/**
 * Re-resolves every config the edits touch (and those that include a touched file) with the edits applied,
 * and checks that each reference stands for the same definition as before (the renamed key for the renamed
 * references). Returns why not, if not.
 */
function checkBindings(input: RenameInput, uses: VariableNode[], edits: Map<string, OffsetEdit[]>): string | undefined {
  const { def, docs, textOf } = input;
  const changed = new Map<string, string>();
  for (const [file, list] of edits) {
    const text = textOf(file);
    if (text === undefined) return `${file} cannot be read, so the rename cannot be checked.`;
    changed.set(file, applySorted(text, list));
  }
  const renamed = new Set(uses);
  const fs = overlay(input.ctx.fs, changed);
  const ctx: ConfContext = { env: input.ctx.env, fs, dialect: input.ctx.dialect };
  const affected = docs.filter((d) => changed.has(d.src.file) || d.includedFiles.some((f) => changed.has(f)));
  for (const doc of affected) {
    const expected = new Map<string, string>();
    for (const v of referencesIn(doc)) {
      const d = definitionOf(v);
      const to = renamed.has(v) || (d && sameEntry(d, def)) ? place(def.src.file, def.start, edits) : bindingOf(v, edits);
      expected.set(place(v.src.file, v.start, edits), to);
    }
    const text = changed.get(doc.src.file) ?? doc.src.text;
    const after = loadConf(new Source(doc.src.file, text), ctx);
    for (const v of referencesIn({ src: after.src, root: after.parsed.root, conf: after.parsed })) {
      const at = place(v.src.file, v.start, edits, true);
      const want = expected.get(at);
      const got = bindingOf(v);
      if (want === undefined || want === got) continue;
      const line = v.src.lines.position(v.start).line + 1;
      const where = `$${v.name} (${path.basename(v.src.file)}:${line})`;
      return want === place(def.src.file, def.start, edits)
        ? `${where} would then stand for ${describe(got)} instead of the renamed ${def.key}.`
        : `${where} would then stand for the renamed ${def.key} instead of ${describe(want)}.`;
    }
  }
  return undefined;
}

/** What a reference stands for, as a comparable string: a key's place, the environment, or nothing. */
function bindingOf(v: VariableNode, edits?: Map<string, OffsetEdit[]>): string {
  const r = v.resolved;
  if (!r) return 'unresolved';
  switch (r.from) {
    case 'key':
      return place(r.entry.src.file, r.entry.start, edits);
    case 'misfiled':
      return `misfiled:${r.key}`;
    case 'env':
      return `env:${v.name}`;
    case 'bcrypt':
      return 'bcrypt';
  }
}

function describe(binding: string): string {
  if (binding.startsWith('env:')) return `the environment variable ${binding.slice(4)}`;
  if (binding === 'unresolved') return 'nothing';
  return 'another definition';
}

/** A place after the edits: offsets before an edit are unchanged, after it they shift by its growth. */
function place(file: string, offset: number, edits?: Map<string, OffsetEdit[]>, already = false): string {
  if (already || !edits) return `${file}\0${offset}`;
  let shift = 0;
  for (const e of edits.get(file) ?? []) if (e.end <= offset) shift += e.newText.length - (e.end - e.start);
  return `${file}\0${offset + shift}`;
}

function applySorted(text: string, edits: readonly OffsetEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The file system with some files' content replaced (the renamed texts), for resolving includes. */
function overlay(fs: EngineFs | undefined, texts: Map<string, string>): EngineFs | undefined {
  if (!fs) return undefined;
  const encoder = new TextEncoder();
  const statOf = (size: number): FileStat => ({ size, mtimeMs: 0, type: 'file' });
  return {
    readFile(file, limit) {
      const t = texts.get(file);
      if (t === undefined) return fs.readFile(file, limit);
      const data = encoder.encode(t);
      return { ok: true, data, stat: statOf(data.length) };
    },
    stat(file) {
      const t = texts.get(file);
      return t === undefined ? fs.stat(file) : statOf(t.length);
    },
    ...(fs.readDir ? { readDir: (dir: string) => fs.readDir!(dir) } : {}),
  };
}
