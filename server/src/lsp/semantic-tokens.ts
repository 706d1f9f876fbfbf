// Semantic tokens (full and range) for nats-server configs: core/tokens/semantic.ts says what each piece
// means; "is this key known here" is keys/known.ts. Tokens that span lines (block strings) are sent one
// line at a time, which every client accepts.
import { SemanticTokensRegistrationType, type Range, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import type { ConfigDoc } from '../core/document';
import { isKnownKey } from '../core/keys/known';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticToken } from '../core/tokens/semantic';
import { openDoc } from './docs';
import { NATS_SELECTOR, registerForNats } from './nats-documents';
import type { Feature, ServerContext } from './server';

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const MODIFIER_BIT = new Map<string, number>(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

/** Whether another config of the workspace includes this one: its keys then sit in a block we cannot see. */
function includedElsewhere(ctx: ServerContext, file: string): boolean {
  const p = ctx.workspace.project;
  return p.files().some((f) => f !== file && p.document(f)?.includedFiles.includes(file));
}

export function encode(doc: ConfigDoc, tokens: readonly SemanticToken[], range?: Range): SemanticTokens {
  const lines = doc.src.lines;
  const text = doc.src.text;
  const from = range ? lines.offset(range.start) : 0;
  const to = range ? lines.offset(range.end) : text.length;
  const data: number[] = [];
  // Tokens come in document order: the line is found by moving forward, not by a search per token.
  let line = 0;
  let lineStart = 0;
  let lastLine = 0;
  let lastChar = 0;
  const moveTo = (offset: number): void => {
    for (let nl = text.indexOf('\n', lineStart); nl !== -1 && nl < offset; nl = text.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
  };
  for (const t of tokens) {
    if (t.end <= from || t.start >= to) continue;
    const type = TYPE_INDEX.get(t.type)!;
    let mods = 0;
    for (const m of t.modifiers) mods |= MODIFIER_BIT.get(m)!;
    // One piece per line: only "\n" ends a line (as in LSP), and a "\r" before it is not part of the token.
    let start = t.start;
    while (start < t.end) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 || nl >= t.end ? t.end : nl;
      const pieceEnd = end !== t.end && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (pieceEnd > start) {
        moveTo(start);
        const char = start - lineStart;
        data.push(line - lastLine, line === lastLine ? char - lastChar : char, pieceEnd - start, type, mods);
        lastLine = line;
        lastChar = char;
      }
      start = end + 1;
    }
  }
  return { data };
}

function tokensFor(ctx: ServerContext, uri: string, range?: Range): SemanticTokens {
  const open = openDoc(ctx, uri);
  if (!open || open.doc.format !== 'conf') return { data: [] };
  // An included file's keys belong to whatever block includes it: known or not is not ours to say there.
  const known = includedElsewhere(ctx, open.file) ? () => undefined : isKnownKey;
  return encode(open.doc, semanticTokens(open.doc, known), range);
}

export const semanticTokensFeature: Feature = (ctx, params) => {
  ctx.connection.languages.semanticTokens.on((p) => tokensFor(ctx, p.textDocument.uri));
  ctx.connection.languages.semanticTokens.onRange((p) => tokensFor(ctx, p.textDocument.uri, p.range));
  const options = { legend: LEGEND, full: true, range: true };
  const dynamic = registerForNats(ctx, params.capabilities.textDocument?.semanticTokens?.dynamicRegistration, () =>
    ctx.connection.client.register(SemanticTokensRegistrationType.type, { documentSelector: NATS_SELECTOR, ...options }),
  );
  return dynamic ? {} : { semanticTokensProvider: options };
};
