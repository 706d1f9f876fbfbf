// invalid-value outside tls blocks: a value of the wrong type, a bad duration, size, URL, subject or nkey,
// a number out of range, an unknown enum value. Each quotes what nats-server prints (for a type mismatch,
// its "interface conversion" panic) and says in plain words what to write instead.
import { rejects, type SourceIssue } from '../conf/issue';
import { blockSpec, optionFor, optionIn } from '../schema';
import { atKey, atNode, lastByKey } from '../schema/report';
import { checkValue } from '../schema/values';
import { schemaWalk } from '../schema/walk';
import type { TlsModel } from '../tls/model';
import { availableIn } from '../tls/versions';

export function checkOptionValues(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  for (const visit of walk.visits) {
    const block = visit.block;
    if (block.delegated) continue;
    for (const e of lastByKey(visit.entries)) {
      const found = optionIn(block, e.key);
      const option = found && optionFor(found, model.version);
      // Options the target does not know are field-not-in-version's; nats-server never reads their value.
      if (!option || (option.since && !availableIn(option.since, model.version))) continue;
      if (option.deprecated && availableIn(option.deprecated.since, model.version)) continue;
      // A tls key whose value is not a block is the TLS checks' (tls-values.ts).
      if (option.block && blockSpec(option.block)?.delegated) continue;
      for (const p of checkValue(option, e, { version: model.version, key: e.key, block: block.id })) {
        // A value nats-server never checks: it is ignored, which is worth knowing but not an error.
        if (option.looseValue) {
          p.advice = true;
          p.fix = `nats-server ignores this value. ${p.fix}`;
        }
        const message = p.advice
          ? `${p.reason}: ${p.fix}`
          : p.warning
            ? `nats-server warns: "${p.reason}". ${p.fix}`
            : rejects(p.reason, p.fix);
        const severity = p.advice ? 'warning' : 'error';
        const opts = { stage: p.advice ? ('advice' as const) : ('load' as const), ...(p.data ? { data: p.data } : {}) };
        out.push(
          p.at.kind === 'entry'
            ? atKey(p.at, 'invalid-value', severity, message, opts)
            : atNode(p.at, 'invalid-value', severity, message, opts),
        );
      }
    }
  }
  return out;
}
