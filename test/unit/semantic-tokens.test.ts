// Semantic tokens on the engine: each case lists every token as `text type[.modifier…]`, in order.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isKnownKey } from '../../server/src/core/keys/known';
import { semanticTokens } from '../../server/src/core/tokens/semantic';
import { NOWHERE, parse } from '../helpers/conf';

const cases: { name: string; text: string; tokens: string[]; env?: Record<string, string> }[] = [
  {
    name: 'known options, unknown keys, a variable and its uses, units',
    text: 'LIMIT: 10k\nmax_payload: $LIMIT\nmax_pending: 64MiB # buffer\nfoo = true\n',
    tokens: [
      'LIMIT variable.declaration',
      ': operator',
      '10 number',
      'k unit',
      'max_payload property.defaultLibrary',
      ': operator',
      '$LIMIT variable',
      'max_pending property.defaultLibrary',
      ': operator',
      '64 number',
      'MiB unit',
      '# buffer comment',
      'foo property',
      '= operator',
      'true keyword',
    ],
  },
  {
    name: 'TLS fields are known inside tls blocks, not elsewhere; unknown blocks say nothing',
    text: 'tls {\n  cert_file: "a.pem"\n  verfy: true\n}\ncluster { name: c1, tls { timeout: 2.5 } }\n',
    tokens: [
      'tls property.defaultLibrary',
      'cert_file property.defaultLibrary',
      ': operator',
      '"a.pem" string',
      'verfy property',
      ': operator',
      'true keyword',
      'cluster property.defaultLibrary',
      'name property',
      ': operator',
      'c1 string',
      'tls property',
      'timeout property.defaultLibrary',
      ': operator',
      '2.5 number',
    ],
  },
  {
    name: 'include, block strings, dates, bcrypt hashes, environment variables',
    text: 'include "x.conf"\nmotd: (\nhello\n)\nwhen: 2024-01-01T00:00:00Z\npassword: $2a$11$abc\nstore_dir: $HOME_DIR\n',
    env: { HOME_DIR: '/data' },
    tokens: [
      'include keyword',
      '"x.conf" string',
      'motd property',
      ': operator',
      '(\nhello\n) string',
      'when property',
      ': operator',
      '2024-01-01T00:00:00Z number',
      'password property',
      ': operator',
      '$2a$11$abc string',
      'store_dir property.defaultLibrary',
      ': operator',
      '$HOME_DIR variable',
    ],
  },
];

describe('semantic tokens', () => {
  for (const c of cases) {
    test(c.name, () => {
      const { doc } = parse(c.text, { file: NOWHERE, env: c.env ?? {} });
      const got = semanticTokens(doc, isKnownKey).map((t) => [c.text.slice(t.start, t.end), [t.type, ...t.modifiers].join('.')].join(' '));
      assert.deepEqual(got, c.tokens);
    });
  }

  test('isKnownKey: top level and TLS blocks known or not; other blocks not known yet', () => {
    assert.equal(isKnownKey([], 'PORT'), true);
    assert.equal(isKnownKey([], 'cert_file'), false);
    assert.equal(isKnownKey(['leafnodes', 'remotes', 'tls'], 'cert_file'), true);
    assert.equal(isKnownKey(['tls', 'certs'], 'cert_file'), true);
    assert.equal(isKnownKey(['tls', 'certs'], 'CERT_FILE'), false);
    assert.equal(isKnownKey(['jetstream'], 'store_dir'), undefined);
  });
});
