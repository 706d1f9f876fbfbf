// unknown-field outside tls blocks: an option nats-server does not know where it is written. nats-server
// calls it `unknown field "x"` (or its block's own words), except for a key that is a variable some `$x`
// refers to: it skips those. Blocks read by name (resolver { }) ignore unknown keys instead.
import type { Entry } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { namesIn, optionIgnoringCase, optionIn } from '../schema';
import { atKey, unknownReason } from '../schema/report';
import type { BlockSpec } from '../schema/types';
import { eachVisit, NO_ISSUES, type VisitCache } from '../schema/visit-cache';
import { schemaWalk, type BlockVisit, type SchemaWalk } from '../schema/walk';
import type { EngineHost, TlsModel } from '../tls/model';
import { closest, editDistance } from '../tls/suggest';
import { availableIn, formatVersion, type Version } from '../tls/versions';

/** Keys of the retired NATS Streaming server (nats-streaming-server), which nats-server does not read. */
const STREAMING = new Set(['streaming', 'stan']);

export function checkUnknownOptions(model: TlsModel, _host?: EngineHost, cache?: VisitCache): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  return eachVisit('unknown-option', model.doc, walk, model.version, unknownIn, cache);
}

/** One list of names per block and target (not per visit), so suggestions are computed once per block and key. */
const namesByBlock = new WeakMap<BlockSpec, Map<string, string[]>>();

function namesFor(block: BlockSpec, version: Version): string[] {
  let byVersion = namesByBlock.get(block);
  if (!byVersion) namesByBlock.set(block, (byVersion = new Map()));
  const target = formatVersion(version);
  let names = byVersion.get(target);
  if (!names) {
    names = namesIn(block).filter((n) => {
      const o = optionIn(block, n);
      return !o?.since || availableIn(o.since, version);
    });
    byVersion.set(target, names);
  }
  return names;
}

function unknownIn(visit: BlockVisit, walk: SchemaWalk, version: Version): SourceIssue[] {
  const block = visit.block;
  if (block.delegated || block.id === 'accounts') return NO_ISSUES;
  const { processed, options } = visit;
  let out: SourceIssue[] | undefined;
  // options has an item per processed entry: most blocks are read through it alone (one array, not two).
  for (let i = 0; i < options.length; i++) {
    if (options[i]) continue;
    out ??= [];
    const e = processed[i]!;
    // A key nats-server looks up in one spelling (m["system_account"]) is ignored in any other; in a block
    // that compares keys case-sensitively but rejects unknown ones (ocsp), it is simply unknown.
    const ignoredCase = optionIgnoringCase(block, e.key);
    if (ignoredCase && (ignoredCase.exactCase || block.unknown === 'ignored')) {
      out.push(
        atKey(
          e,
          'unknown-field',
          'warning',
          `nats-server reads ${ignoredCase.name} only in lower case, so it ignores ${e.key}. Write ${ignoredCase.name}.`,
          { stage: 'advice', data: { key: e.key, suggestion: ignoredCase.name } },
        ),
      );
      continue;
    }
    if (block.unknown === 'error-unless-used' && walk.used.has(e)) continue;
    out.push(unknownIssue(e, block, visit, namesFor(block, version)));
  }
  return out ?? NO_ISSUES;
}

function unknownIssue(e: Entry, block: BlockSpec, visit: BlockVisit, names: string[]): SourceIssue {
  const where = visit.path ? ` in ${visit.path}` : '';
  if (block.unknown === 'ignored') {
    const suggestion = suggest(e.key, names);
    return atKey(
      e,
      'unknown-field',
      'warning',
      `nats-server reads only ${names.join(', ')}${where} and silently ignores ${e.key}.${suggestion ? ` Did you mean ${suggestion}?` : ' Remove it.'}`,
      { stage: 'advice', data: { key: e.key, suggestion } },
    );
  }
  const reason = unknownReason(block, e.key);
  if (block.id === 'root' && STREAMING.has(e.name)) {
    return atKey(
      e,
      'unknown-field',
      'error',
      rejects(
        reason,
        'This block configures the NATS Streaming server (STAN), which is retired and is a separate program; nats-server does not read it. Use JetStream (jetstream { store_dir: … }) instead, or keep this block in the nats-streaming-server config.',
      ),
      { data: { key: e.key } },
    );
  }
  const variable = /^[A-Z][A-Z0-9_]*$/.test(e.key) && e.value !== undefined;
  const suggestion = suggest(e.key, names);
  let fix: string;
  if (variable && !suggestion)
    fix = `It looks like a variable: nats-server rejects variables that nothing refers to. Use it as $${e.key}, or remove it.`;
  else if (suggestion)
    fix = `Did you mean ${suggestion}?${variable ? ` If ${e.key} is a variable, nothing refers to it: use it as $${e.key} or remove it.` : ''}`;
  else fix = `nats-server does not know ${e.key}${where}; remove it.`;
  const data: Record<string, unknown> = { key: e.key };
  if (suggestion) data.suggestion = suggestion;
  return atKey(e, 'unknown-field', 'error', rejects(reason, fix), { data });
}

/** A close option name, when there is one (a variable such as CERT_DIR is rarely a misspelt option). */
function suggest(key: string, names: string[]): string | undefined {
  // Large configs repeat the same unknown keys (in every account, every user): compare each once per list.
  let memo = suggestions.get(names);
  if (!memo) suggestions.set(names, (memo = new Map()));
  if (memo.has(key)) return memo.get(key);
  const best = closest(key, names);
  const d = best === undefined ? Infinity : editDistance(key.toLowerCase(), best);
  const out = d <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
  if (memo.size < 10_000) memo.set(key, out);
  return out;
}

const suggestions = new WeakMap<string[], Map<string, string | undefined>>();
