// file-not-found for operator JWTs: `operator: "op.jwt"` names a file nats-server opens (relative to its
// working directory) unless the value is the JWT itself. A missing file fails `nats-server -t`.
import type { StringNode, ValueNode } from '../conf/ast';
import { reportedFile, rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atNode, optionEntries } from '../schema/report';
import { schemaWalk } from '../schema/walk';
import type { EngineHost, TlsModel } from '../tls/model';
import { resolveTlsPath } from '../tls/paths';

export function checkOperatorJwt(model: TlsModel, host: EngineHost): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  const root = walk?.visits[0];
  const entry = root && optionEntries(root).get('operator');
  if (!entry) return [];
  const v = deref(entry.value);
  const items: ValueNode[] = v?.kind === 'array' ? v.items : entry.value ? [entry.value] : [];
  const out: SourceIssue[] = [];
  for (const item of items) {
    const s = deref(item);
    if (s?.kind !== 'string' || s.value === '' || s.value.startsWith('eyJ')) continue;
    const r = resolveTlsPath(s.value, reportedFile(entry.src), model.settings.base, model.settings.roots, host.fs);
    if (r.resolved) continue;
    const at =
      item.kind === 'string' ? { src: item.src, start: (item as StringNode).innerStart, end: (item as StringNode).innerEnd } : item;
    out.push(
      atNode(
        at,
        'file-not-found',
        'error',
        rejects(
          `error parsing operator JWT: open ${s.value}: no such file or directory`,
          `nats-server opens it relative to its working directory; tried ${r.tried.join(', ') || s.value}. Fix the path, or paste the JWT itself.`,
        ),
        { data: { tried: r.tried } },
      ),
    );
  }
  return out;
}
