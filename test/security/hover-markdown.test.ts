// Finding 11 (issue 10): hovers put paths in a fixed double-backtick code span, so a path holding "``" closed
// it and the rest rendered as markdown (a link to anywhere). Every piece of user text in a hover is now
// either in a code span fenced longer than any backtick run in it, or escaped.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { CertFactory } from '../helpers/certs';
import { session, NOW, type Session } from '../lsp/setup';

const EVIL = 'a`` [pwn](https://evil.test/x) <https://evil.test/y> ``b';
let s: Session;

before(async () => {
  const f = new CertFactory(NOW);
  const ca = await f.ca({ cn: 'CA [ca-link](https://evil.test/ca)' });
  const leaf = await f.leaf(ca, {
    cn: 'leaf [cn-link](https://evil.test/cn) `x` https://evil.test/bare www.evil.test',
    san: { dns: ['localhost'], uri: ['https://evil.test/san'] },
  });
  s = await session({
    [`${EVIL}/leaf.pem`]: leaf.pem,
    [`${EVIL}/leaf-key.pem`]: leaf.keyPem,
    [`${EVIL}/ca.pem`]: ca.pem,
  });
});
after(async () => s.close());

/**
 * The text a CommonMark renderer shows outside code spans, with backslash escapes applied: a code span opens
 * with a run of n backticks and closes at the next run of exactly n; a run with no partner is literal text.
 */
function outsideCode(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    const c = md[i]!;
    if (c === '\\' && i + 1 < md.length && /[!-/:-@[-`{-~]/.test(md[i + 1]!)) {
      // An escaped character is text, never markup; mark it so that it cannot form a link below.
      out += '\u0000';
      i += 2;
      continue;
    }
    if (c !== '`') {
      out += c;
      i++;
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (j < md.length) {
      if (md[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (md[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close === -1) {
      out += '`'.repeat(n);
      i += n;
    } else i = close + n;
  }
  return out;
}

function assertNoMarkup(md: string, where: string): void {
  const text = outsideCode(md);
  assert.doesNotMatch(text, /\]\(|<https?:|https?:\/\/|www\./i, `${where}: markup outside code spans:\n${md}`);
}

const valueOf = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

test('a path with backticks stays inside its code span (not found, resolved, key)', { timeout: 60_000 }, async () => {
  const dir = EVIL;
  const { uri, fx } = await s.open(
    'nats.conf',
    `port: 4222\ntls {\n  cert_file: "${dir}/le⟦⟧af.pem"\n  key_file: "${dir}/le⟦⟧af-key.pem"\n  ca_file: "${dir}/c⟦⟧a.pem"\n}\n` +
      `leafnodes {\n  remotes: [ { url: "tls://localhost:7422", tls: { cert_file: "${dir}/mi⟦⟧ssing.pem" } } ]\n}\n`,
  );
  await s.client.pushed(uri);
  const hovers: string[] = [];
  for (let i = 0; i < fx.ranges.length; i++) {
    const h = valueOf(await s.client.hover(uri, fx.ranges[i]!.start));
    assert.ok(h, `hover ${i}`);
    hovers.push(h);
    assertNoMarkup(h, `hover ${i}`);
  }
  // The paths are still there, whole, inside the code spans.
  assert.ok(hovers.some((h) => h.includes(path.join(s.ws.dir, dir, 'leaf.pem'))));
  assert.ok(hovers.some((h) => h.includes('missing.pem')));
});
