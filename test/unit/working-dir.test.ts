// The working directory nats-server needs for a config (core/tls/working-dir.ts): the folder natsTls.pathBase
// names, else ("auto") the folder most relative paths resolved against, the nearer one on a tie, else the
// config's folder; other folders are conflicts. Data-driven over resolved references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, type TlsModel } from '../../server/src/core/tls/model';
import { describeWorkingDirectory, workingDirectory } from '../../server/src/core/tls/working-dir';

const CONFIG = '/ws/nats/sub/nats.conf';
const settings = (base: string) => ({ ...DEFAULT_SETTINGS, base, roots: ['/ws'] });
/** A model whose references resolved against these folders ('' absolute, undefined not found). */
const model = (bases: (string | undefined)[]): TlsModel =>
  ({
    refs: bases.map((base) => ({ resolution: { base, resolved: base === undefined ? undefined : `${base || ''}/x.pem`, tried: [] } })),
  }) as unknown as TlsModel;

const cases: {
  name: string;
  base: string;
  refs: (string | undefined)[];
  dir: string;
  source: string;
  conflicts: string[];
  says: RegExp;
}[] = [
  {
    name: 'no references',
    base: 'auto',
    refs: [],
    dir: '/ws/nats/sub',
    source: 'config-folder',
    conflicts: [],
    says: /^the config's folder$/,
  },
  {
    name: 'absolute and missing paths only',
    base: 'auto',
    refs: ['', undefined],
    dir: '/ws/nats/sub',
    source: 'config-folder',
    conflicts: [],
    says: /^the config's folder$/,
  },
  {
    name: 'all next to the config',
    base: 'auto',
    refs: ['/ws/nats/sub', '/ws/nats/sub'],
    dir: '/ws/nats/sub',
    source: 'resolved',
    conflicts: [],
    says: /where its relative paths resolve/,
  },
  {
    name: 'all at the root',
    base: 'auto',
    refs: ['/ws', '/ws', '/ws'],
    dir: '/ws',
    source: 'resolved',
    conflicts: [],
    says: /pathBase is "auto"/,
  },
  {
    name: 'most at the root, one nearer',
    base: 'auto',
    refs: ['/ws', '/ws', '/ws/nats'],
    dir: '/ws',
    source: 'resolved',
    conflicts: ['/ws/nats'],
    says: /other paths resolve against \/ws\/nats/,
  },
  {
    name: 'a tie: the nearer folder',
    base: 'auto',
    refs: ['/ws', '/ws/nats'],
    dir: '/ws/nats',
    source: 'resolved',
    conflicts: ['/ws'],
    says: /nats-server started here will not find/,
  },
  {
    name: 'pathBase "config"',
    base: 'config',
    refs: ['/ws/nats/sub'],
    dir: '/ws/nats/sub',
    source: 'setting',
    conflicts: [],
    says: /pathBase is "config"/,
  },
  {
    name: 'pathBase a relative folder',
    base: '../..',
    refs: [],
    dir: '/ws',
    source: 'setting',
    conflicts: [],
    says: /^natsTls\.pathBase is "\.\.\/\.\."$/,
  },
  {
    name: 'pathBase an absolute folder',
    base: '/srv/nats',
    refs: [],
    dir: '/srv/nats',
    source: 'setting',
    conflicts: [],
    says: /pathBase is "\/srv\/nats"/,
  },
];

for (const c of cases) {
  test(`workingDirectory: ${c.name}`, () => {
    const w = workingDirectory(CONFIG, settings(c.base), model(c.refs));
    assert.deepEqual(w, { dir: c.dir, source: c.source, conflicts: c.conflicts });
    assert.match(describeWorkingDirectory(w, CONFIG, settings(c.base)), c.says);
  });
}

test('workingDirectory: no model (a file that failed to build) is the config folder', () => {
  assert.equal(workingDirectory(CONFIG, settings('auto'), undefined).dir, '/ws/nats/sub');
});
