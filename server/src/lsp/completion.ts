// Completion: TLS fields valid where the cursor is (with snippets), values of fields with a fixed set
// (min_version, cipher suites, curves, booleans …), certificate paths for *_file values, `tls` blocks.
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver';
import { completionSite, subfieldNames, valueChoices, type CompletionSite, type Span } from '../core/complete';
import { optionCompletionsAt, type OptionCompletion } from '../core/schema/assist';
import type { ConfigDoc } from '../core/document';
import { fieldDetail, fieldMarkdown } from '../core/tls/field-doc';
import { fieldsFor, type TlsField } from '../core/tls/fields';
import { openDoc } from './docs';
import { honouring } from './cancel';
import type { Feature, ServerContext } from './server';

interface Options {
  snippets: boolean;
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Snippet for a whole `field: value` line, by field type. */
function fieldSnippet(f: TlsField, yaml: boolean): { snippet: string; plain: string; retrigger: boolean } {
  const n = f.name;
  const q = (s: string): string => `"${s}"`;
  switch (f.type) {
    case 'path':
      return { snippet: `${n}: "$1"`, plain: `${n}: ""`, retrigger: true };
    case 'bool':
      return { snippet: `${n}: \${1|true,false|}`, plain: `${n}: true`, retrigger: false };
    case 'ocsp-peer':
      return { snippet: `${n}: \${1|true,false|}`, plain: `${n}: true`, retrigger: false };
    case 'tls-version':
      return { snippet: `${n}: "\${1|1.2,1.3|}"`, plain: `${n}: "1.2"`, retrigger: false };
    case 'duration':
      return { snippet: `${n}: \${1:${f.name === 'timeout' ? '2' : '"2s"'}}`, plain: `${n}: 2`, retrigger: false };
    case 'int':
      return { snippet: `${n}: \${1:100}`, plain: `${n}: 100`, retrigger: false };
    case 'ciphers':
    case 'curves':
    case 'pins':
      return { snippet: `${n}: [ "$1" ]`, plain: `${n}: [ "" ]`, retrigger: f.type !== 'pins' };
    case 'certs':
      return yaml
        ? {
            snippet: `${n}:\n  - cert_file: "$1"\n    key_file: "$2"`,
            plain: `${n}:\n  - cert_file: ""\n    key_file: ""`,
            retrigger: false,
          }
        : {
            snippet: `${n}: [\n\t{ cert_file: "$1", key_file: "$2" }\n]`,
            plain: `${n}: [\n\t{ cert_file: "", key_file: "" }\n]`,
            retrigger: false,
          };
    case 'handshake':
      return { snippet: `${n}: \${1|true,false,"auto"|}`, plain: `${n}: true`, retrigger: false };
    default: {
      const values = (f.values ?? []).map((v) => v.replace(/^"(.*)"$/, '$1'));
      if (values.length) return { snippet: `${n}: "\${1|${values.join(',')}|}"`, plain: `${n}: ${q(values[0]!)}`, retrigger: false };
      return { snippet: `${n}: "$1"`, plain: `${n}: ""`, retrigger: false };
    }
  }
}

function rangeOf(doc: ConfigDoc, s: Span): Range {
  return doc.src.lines.range(s.start, s.end);
}

function sortKey(i: number): string {
  return String(i).padStart(4, '0');
}

export function completionItems(
  doc: ConfigDoc,
  site: CompletionSite,
  model: Parameters<typeof fieldsFor>[1],
  opts: Options,
): CompletionItem[] {
  const range = rangeOf(doc, site.replace);
  const yaml = doc.format === 'yaml';
  switch (site.kind) {
    case 'field': {
      const fields = fieldsFor(site.location, model).filter((f) => !site.existing.has(f.name));
      return fields.map((f, i) => {
        const placement = site.location.server ? f.placement?.[site.location.id] : undefined;
        const item: CompletionItem = {
          label: f.name,
          kind: CompletionItemKind.Property,
          detail: fieldDetail(f),
          documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(f, site.location) },
          sortText: `${placement ? '1' : '0'}${sortKey(i)}`,
          filterText: f.name,
        };
        if (placement === 'ignored' || placement === 'no-op' || placement === 'redundant') item.tags = [CompletionItemTag.Deprecated];
        if (site.hasValue) {
          item.textEdit = { range, newText: f.name };
          return item;
        }
        const s = fieldSnippet(f, yaml);
        item.textEdit = { range, newText: opts.snippets ? s.snippet : s.plain };
        if (opts.snippets) item.insertTextFormat = InsertTextFormat.Snippet;
        if (opts.snippets && s.retrigger) item.command = RETRIGGER;
        return item;
      });
    }
    case 'subfield':
      return subfieldNames(site.of)
        .filter((n) => !site.existing.has(n))
        .map((n, i) => {
          const snippet =
            site.of === 'certs' ? `${n}: "$1"` : /timeout|clockskew|ttl/.test(n) ? `${n}: \${1:2}` : `${n}: \${1|true,false|}`;
          const item: CompletionItem = { label: n, kind: CompletionItemKind.Property, sortText: sortKey(i) };
          item.textEdit = {
            range,
            newText: site.hasValue
              ? n
              : opts.snippets
                ? snippet
                : snippet.replace(/\$\{1\|([^,|]+)[^}]*\}|\$\{1:([^}]*)\}|\$1/g, (_m, a, b) => a ?? b ?? ''),
          };
          if (opts.snippets && !site.hasValue) item.insertTextFormat = InsertTextFormat.Snippet;
          return item;
        });
    case 'tls-block': {
      const snippet = yaml
        ? 'tls:\n  cert_file: "$1"\n  key_file: "$2"$0'
        : site.location.presentsAsServer && !site.location.presentsAsClient
          ? 'tls {\n\tcert_file: "$1"\n\tkey_file: "$2"$0\n}'
          : site.location.mtlsForced
            ? 'tls {\n\tcert_file: "$1"\n\tkey_file: "$2"\n\tca_file: "$3"$0\n}'
            : 'tls {\n\tca_file: "$1"$0\n}';
      const item: CompletionItem = {
        label: 'tls',
        kind: CompletionItemKind.Module,
        detail: `TLS for ${site.location.label}`,
        documentation: { kind: MarkupKind.Markdown, value: `A \`${site.location.path}\` block: TLS for ${site.location.label}.` },
        filterText: 'tls',
        textEdit: { range, newText: opts.snippets ? snippet : snippet.replace(/\$\d/g, '') },
      };
      if (opts.snippets) item.insertTextFormat = InsertTextFormat.Snippet;
      return [item];
    }
    case 'value': {
      const needsSpace = /[:=]$/.test(doc.src.text.slice(0, site.replace.start));
      return valueChoices(site.field, model, site.block)
        .filter((c) => !site.taken.includes(c.text) || doc.src.text.slice(site.replace.start, site.replace.end) === c.text)
        .map((c, i) => {
          const text = c.quoted && !site.inQuotes ? `"${c.text}"` : c.text;
          const item: CompletionItem = {
            label: c.text,
            kind: c.text === 'true' || c.text === 'false' ? CompletionItemKind.Keyword : CompletionItemKind.EnumMember,
            sortText: sortKey(i),
            filterText: site.inQuotes ? c.text : text,
            textEdit: { range, newText: `${needsSpace ? ' ' : ''}${text}` },
          };
          if (c.detail) item.detail = c.detail;
          if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
          return item;
        });
    }
    case 'path': {
      const keyish = site.field === 'key_file';
      return site.entries.map((e) => {
        const isKey = /key/i.test(e.name);
        const rank = e.directory ? 2 : keyish === isKey ? 0 : 1;
        const item: CompletionItem = {
          label: e.directory ? `${e.name}/` : e.name,
          kind: e.directory ? CompletionItemKind.Folder : CompletionItemKind.File,
          detail: e.file,
          sortText: `${rank}${e.name}`,
          filterText: e.directory ? `${e.name}/` : e.name,
          textEdit: { range, newText: e.directory ? `${e.name}/` : e.name },
        };
        if (e.directory) item.command = RETRIGGER;
        return item;
      });
    }
  }
}

/** Options of the schema table for the block at the cursor (every block but tls ones). */
function optionItems(doc: ConfigDoc, c: OptionCompletion, opts: Options, skip: Set<string>): CompletionItem[] {
  const range = rangeOf(doc, c);
  return c.items
    .filter((o) => !skip.has(o.label))
    .map((o, i) => {
      const item: CompletionItem = {
        label: o.label,
        kind: CompletionItemKind.Property,
        detail: o.detail,
        documentation: { kind: MarkupKind.Markdown, value: o.documentation },
        sortText: `${o.deprecated ? '1' : '0'}${sortKey(i)}`,
        filterText: o.label,
        textEdit: { range, newText: c.nameOnly ? o.label : opts.snippets ? o.snippet : o.plain },
      };
      if (opts.snippets && !c.nameOnly) item.insertTextFormat = InsertTextFormat.Snippet;
      if (o.deprecated) item.tags = [CompletionItemTag.Deprecated];
      return item;
    });
}

export function complete(ctx: ServerContext, params: CompletionParams, opts: Options): CompletionList {
  const open = openDoc(ctx, params.textDocument.uri);
  if (!open) return { isIncomplete: false, items: [] };
  const { doc, model } = open;
  const offset = doc.src.lines.offset(params.position);
  const site = completionSite(doc, model, offset, { host: ctx.runtime.host });
  const options = !site || site.kind === 'tls-block' ? optionCompletionsAt(doc, offset, model?.version) : undefined;
  const extra = options ? optionItems(doc, options, opts, new Set(site ? ['tls'] : [])) : [];
  if (!site) return { isIncomplete: false, items: extra };
  // Paths are listed per folder typed so far: ask again after each "/".
  return { isIncomplete: site.kind === 'path', items: [...completionItems(doc, site, model, opts), ...extra] };
}

export const completionFeature: Feature = (ctx, params) => {
  const snippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  ctx.connection.onCompletion(honouring((p) => complete(ctx, p, { snippets })));
  return { completionProvider: { triggerCharacters: ['"', '/', ':'], resolveProvider: false } };
};
