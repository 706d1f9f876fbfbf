// Expand Selection: the token under the cursor, its value, its entry, the block, and outward to the file.
import { SelectionRangeRequest, type SelectionRange, type SelectionRangeParams } from 'vscode-languageserver';
import { selectionSpans } from '../core/navigate/selection';
import { openDoc } from './docs';
import { NATS_SELECTOR, registerForNats } from './nats-documents';
import type { Feature, ServerContext } from './server';

export function selectionRanges(ctx: ServerContext, params: SelectionRangeParams): SelectionRange[] | null {
  const open = openDoc(ctx, params.textDocument.uri);
  if (!open || open.doc.format !== 'conf') return null;
  const { src } = open.doc;
  return params.positions.map((p) => {
    const spans = selectionSpans(open.doc, src.lines.offset(p));
    let range: SelectionRange | undefined;
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = spans[i]!;
      range = { range: src.lines.range(s.start, s.end), ...(range ? { parent: range } : {}) };
    }
    return range ?? { range: { start: p, end: p } };
  });
}

export const selectionRangesFeature: Feature = (ctx, params) => {
  ctx.connection.onSelectionRanges((p) => selectionRanges(ctx, p));
  const dynamic = registerForNats(ctx, params.capabilities.textDocument?.selectionRange?.dynamicRegistration, () =>
    ctx.connection.client.register(SelectionRangeRequest.type, { documentSelector: NATS_SELECTOR }),
  );
  return dynamic ? {} : { selectionRangeProvider: true };
};
