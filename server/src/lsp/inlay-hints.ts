// Inlay hints after certificate paths: `server-main · expires 2027-03-01`. Off with natsTls.inlayHints.enabled.
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { refInlayLabel } from '../core/tls/ref-info';
import { openDoc } from './docs';
import { honouring } from './cancel';
import type { Feature, ServerContext } from './server';

export function inlayHints(ctx: ServerContext, params: InlayHintParams): InlayHint[] {
  const open = openDoc(ctx, params.textDocument.uri);
  if (!open || !open.model) return [];
  const { doc, model, file } = open;
  if (!ctx.settingsFor(file).inlayHints.enabled) return [];
  const from = doc.src.lines.offset(params.range.start);
  const to = doc.src.lines.offset(params.range.end);
  const hints: InlayHint[] = [];
  for (const ref of model.refs) {
    const v = ref.entry.value;
    if (!v || v.src !== doc.src || v.end < from || v.start > to) continue;
    const label = refInlayLabel(ref, model.now);
    if (!label) continue;
    hints.push({ position: doc.src.lines.position(v.end), label, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return hints;
}

export const inlayHintsFeature: Feature = (ctx, params) => {
  const refreshSupport = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  ctx.connection.languages.inlayHint.on(honouring((p) => inlayHints(ctx, p)));
  // Settings (the switch itself) and certificates on disk change what the hints say.
  if (refreshSupport) ctx.onRefresh(() => void ctx.connection.languages.inlayHint.refresh().catch(() => undefined));
  return { inlayHintProvider: { resolveProvider: false } };
};
