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
    name: 'options known by the schema in every block; unknown blocks and user-chosen names say nothing',
    text: 'tls {\n  cert_file: "a.pem"\n  verfy: true\n}\ncluster { name: c1, tls { timeout: 2.5 } }\naccounts { A { users: [] } }\nnope { x: 1 }\n',
    tokens: [
      'tls property.defaultLibrary',
      'cert_file property.defaultLibrary',
      ': operator',
      '"a.pem" string',
      'verfy property',
      ': operator',
      'true keyword',
      'cluster property.defaultLibrary',
      'name property.defaultLibrary',
      ': operator',
      'c1 string',
      'tls property.defaultLibrary',
      'timeout property.defaultLibrary',
      ': operator',
      '2.5 number',
      'accounts property.defaultLibrary',
      'A property',
      'users property.defaultLibrary',
      ': operator',
      'nope property',
      'x property',
      ': operator',
      '1 number',
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

  test("isKnownKey: every block of the schema; no answer where the keys are the user's names", () => {
    assert.equal(isKnownKey([], 'PORT'), true);
    assert.equal(isKnownKey([], 'cert_file'), false);
    assert.equal(isKnownKey(['leafnodes', 'remotes', 'tls'], 'cert_file'), true);
    assert.equal(isKnownKey(['leaf', 'remotes', 'tls'], 'cert_file'), true);
    assert.equal(isKnownKey(['tls', 'certs'], 'cert_file'), true);
    // tls { certs } is read case-sensitively.
    assert.equal(isKnownKey(['tls', 'certs'], 'CERT_FILE'), false);
    assert.equal(isKnownKey(['tls', 'ocsp_peer'], 'verify'), true);
    assert.equal(isKnownKey(['jetstream'], 'store_dir'), true);
    assert.equal(isKnownKey(['jetstream'], 'store_dri'), false);
    assert.equal(isKnownKey(['accounts', 'acc_a'], 'users'), true);
    assert.equal(isKnownKey(['accounts', 'acc_a', 'jetstream'], 'max_mem'), true);
    assert.equal(isKnownKey(['authorization', 'users', 'permissions', 'publish'], 'allow'), true);
    // Account names and a mapping's subjects are the user's.
    assert.equal(isKnownKey(['accounts'], 'ACC_A'), undefined);
    assert.equal(isKnownKey(['mappings'], 'orders.*'), undefined);
    // A block nats-server has no parser for.
    assert.equal(isKnownKey(['no_such_block'], 'x'), undefined);
  });
});
