// Format Document and Format Selection for nats-server configs (core/format). Indentation comes from the
// editor's formatting options; the key/value separator from natsTls.format.separator.
import {
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  type FormattingOptions,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { Source } from '../core/conf/ast';
import { formatConf, SEPARATOR_STYLES, type SeparatorStyle } from '../core/format/format';
import { SETTING_DEFAULTS, SETTINGS_SECTION } from '../protocol/settings';
import { openDoc } from './docs';
import { NATS_SELECTOR, natsText, registerForNats } from './nats-documents';
import type { Feature, ServerContext } from './server';

/** More edits than this go out as one replacement of the span they cover (a 2 MB file can have 100,000). */
const MAX_EDITS = 500;

const DEFAULT_SEPARATOR: SeparatorStyle = SETTING_DEFAULTS.format.separator;

/** natsTls.format.separator for the document (its folder's value), the default when unset or unreadable. */
async function separatorFor(ctx: ServerContext, uri: string, configuration: boolean): Promise<SeparatorStyle> {
  if (!configuration) return DEFAULT_SEPARATOR;
  try {
    const cfg = (await ctx.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) as
      { format?: { separator?: unknown } } | undefined;
    const s = cfg?.format?.separator;
    return SEPARATOR_STYLES.includes(s as SeparatorStyle) ? (s as SeparatorStyle) : DEFAULT_SEPARATOR;
  } catch {
    return DEFAULT_SEPARATOR;
  }
}

export function indentOf(options: FormattingOptions): string {
  const size = Number.isInteger(options.tabSize) ? Math.min(16, Math.max(1, options.tabSize)) : 2;
  return options.insertSpaces === false ? '\t' : ' '.repeat(size);
}

export async function formatEdits(
  ctx: ServerContext,
  uri: string,
  options: FormattingOptions,
  range: Range | undefined,
  configuration: boolean,
): Promise<TextEdit[] | null> {
  const doc = natsText(ctx, uri);
  if (!doc) return null;
  const separator = await separatorFor(ctx, uri, configuration);
  // The document may have changed while the settings were read: format what it is now.
  const now = natsText(ctx, uri);
  if (!now) return null;
  const lines = new Source(now.file, now.text).lines;
  const span = range && { start: lines.offset(range.start), end: lines.offset(range.end) };
  // The workspace has parsed this version already (for diagnostics): format that parse.
  const parsed = openDoc(ctx, uri)?.doc.conf;
  const r = formatConf(now.text, { indent: indentOf(options), separator }, span, parsed);
  if (r.kept) ctx.connection.console.info(`nats-tls: formatted ${now.file} in part: ${r.kept}; the rest is kept as written.`);
  if (r.edits.length === 0) return [];
  if (r.edits.length <= MAX_EDITS) return r.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
  const start = r.edits[0]!.start;
  const end = r.edits[r.edits.length - 1]!.end;
  return [{ range: lines.range(start, end), newText: r.text.slice(start, r.text.length - (now.text.length - end)) }];
}

export const formattingFeature: Feature = (ctx, params) => {
  const configuration = !!params.capabilities.workspace?.configuration;
  const td = params.capabilities.textDocument;
  ctx.connection.onDocumentFormatting((p) => formatEdits(ctx, p.textDocument.uri, p.options, undefined, configuration));
  ctx.connection.onDocumentRangeFormatting((p) => formatEdits(ctx, p.textDocument.uri, p.options, p.range, configuration));
  const whole = registerForNats(ctx, td?.formatting?.dynamicRegistration, () =>
    ctx.connection.client.register(DocumentFormattingRequest.type, { documentSelector: NATS_SELECTOR }),
  );
  const part = registerForNats(ctx, td?.rangeFormatting?.dynamicRegistration, () =>
    ctx.connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector: NATS_SELECTOR }),
  );
  return { ...(whole ? {} : { documentFormattingProvider: true }), ...(part ? {} : { documentRangeFormattingProvider: true }) };
};
