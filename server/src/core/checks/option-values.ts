// invalid-value outside tls blocks: a value of the wrong type, a bad duration, size, URL, subject or nkey,
// a number out of range, an unknown enum value. Each quotes what nats-server prints (for a type mismatch,
// its "interface conversion" panic) and says in plain words what to write instead.
import type { Entry, MapNode } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { ownerEntry } from '../locate';
import { blockSpec, optionFor } from '../schema';
import { atKey, atNode } from '../schema/report';
import { checkValue, type ValueContext } from '../schema/values';
import { eachVisit, NO_ISSUES, type VisitCache } from '../schema/visit-cache';
import { schemaWalk, type BlockVisit, type SchemaWalk } from '../schema/walk';
import type { EngineHost, TlsModel } from '../tls/model';
import { availableIn, type Version } from '../tls/versions';

/** The top-level entry a nested block is written under (undefined for the root). */
function topEntry(map: MapNode): Entry | undefined {
  let top: Entry | undefined;
  let node: MapNode | undefined = map;
  for (let i = 0; i < 64 && node; i++) {
    const owner = ownerEntry(node);
    if (!owner) break;
    top = owner;
    node = owner.parent?.kind === 'map' ? owner.parent : undefined;
  }
  return top;
}

export function checkOptionValues(model: TlsModel, _host?: EngineHost, cache?: VisitCache): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  return eachVisit('option-values', model.doc, walk, model.version, valuesIn, cache);
}

function valuesIn(visit: BlockVisit, _walk: SchemaWalk, version: Version): SourceIssue[] {
  const block = visit.block;
  if (block.delegated) return NO_ISSUES;
  const { processed, options } = visit;
  let out: SourceIssue[] | undefined;
  let ctx: ValueContext | undefined;
  // Values the walk found settled by their kind alone (most) are not read again (bits for the first 30 entries).
  const settled = visit.settled ?? 0;
  // options has an item per processed entry: the entry itself is read only for a value still to check.
  for (let i = 0; i < options.length; i++) {
    if (i < 30 && (settled & (1 << i)) !== 0) continue;
    const found = options[i];
    const option = found && optionFor(found, version);
    // Options the target does not know are field-not-in-version's; nats-server never reads their value.
    if (!option || (option.since && !availableIn(option.since, version))) continue;
    const e = processed[i]!;
    if (option.deprecated && availableIn(option.deprecated.since, version)) continue;
    // A tls key whose value is not a block is the TLS checks' (tls-values.ts).
    if (option.block && blockSpec(option.block)?.delegated) continue;
    // One context per block, its key set per entry (checkValue keeps no reference to it).
    if (ctx) ctx.key = e.key;
    else ctx = { version, key: e.key, block: block.id };
    const problems = checkValue(option, e, ctx);
    for (let k = 0; k < problems.length; k++) {
      const p = problems[k]!;
      // A value nats-server never checks: it is ignored, which is worth knowing but not an error.
      if (option.looseValue) {
        p.advice = true;
        p.fix = `nats-server ignores this value. ${p.fix}`;
      }
      const message = p.advice
        ? `${p.reason}: ${p.fix}`
        : p.warning
          ? // Each warning's fix already says that the server starts but `-t` fails on the warning.
            `${p.fix} nats-server says: "${p.reason}"`
          : rejects(p.reason, p.fix);
      const severity = p.advice ? 'warning' : 'error';
      const top = p.reason.startsWith('interface conversion') ? topEntry(visit.map) : undefined;
      const opts = {
        stage: p.advice ? ('advice' as const) : ('load' as const),
        ...(p.data ? { data: p.data } : {}),
        // A type panic inside a block is reported by nats-server on the line of the top-level option holding it.
        ...(top ? { related: [{ src: top.src, start: top.keyStart, end: top.keyEnd, message: 'nats-server names this line' }] } : {}),
      };
      (out ??= []).push(
        p.at.kind === 'entry'
          ? atKey(p.at, 'invalid-value', severity, message, opts)
          : atNode(p.at, 'invalid-value', severity, message, opts),
      );
    }
  }
  return out ?? NO_ISSUES;
}
