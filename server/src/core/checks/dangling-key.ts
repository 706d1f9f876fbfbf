// A key without a value at the end of a block: `tls { verify: true\n  timeout:\n}`. nats-server's parser keeps a
// stack of keys; the valueless key is still on it when the block closes, so the whole block is stored in the
// parent under that key, and the block's own key is lost. What nats-server then says is what the parent says
// about that key holding a map: measured on 2.9.10, 2.10.27 and 2.15.1, `tls { verify: }` fails with
// `unknown field "verify"` at the key, `tls { port: }` with "interface conversion … map[string]interface {},
// not int64", and a `...` placeholder with `unknown field "..."`.
import { excerpt } from '../conf/excerpt';
import type { SourceIssue } from '../conf/issue';
import { optionIn } from '../schema';
import { atKey, unknownReason } from '../schema/report';
import { schemaWalk } from '../schema/walk';
import type { TlsModel } from '../tls/model';

export function checkDanglingKeys(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  // The walk found them (while it held the entries): a block ending in a key without a value.
  for (const { visit, owner, last } of walk.valuelessTails) {
    const key = excerpt(last.key);
    const where = visit.path ? ` of ${visit.path}` : '';
    const lost = `"${key}" has no value, so nats-server stores the whole ${excerpt(owner.key)} { } block${where} under "${key}" and loses ${excerpt(owner.key)}.`;
    const data = { key: last.key, danglingKey: true, block: owner.key };
    if (!optionIn(visit.block, last.key)) {
      out.push(
        atKey(
          last,
          'unknown-field',
          'error',
          `nats-server fails to load this config: ${lost} Give "${key}" a value, or remove it. nats-server says: "${unknownReason(visit.block, key)}".`,
          { data },
        ),
      );
    } else {
      out.push(
        atKey(
          last,
          'invalid-value',
          'error',
          // nats-server's words depend on the option (a type assertion for port): none are quoted.
          `nats-server fails to load this config: ${lost} ${key}${where} then holds a map, which nats-server refuses. Give "${key}" a value, or remove it.`,
          { data },
        ),
      );
    }
  }
  return out;
}
