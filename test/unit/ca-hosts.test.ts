// Hosts a nats-server config names: the SANs `gen server --config` adds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOfAddress, hostOfUrl, hostsInConfig } from '../../server/src/core/ca/hosts';
import { openDocument } from '../../server/src/core/document';
import type { EngineFs, ReadResult } from '../../server/src/core/types';

function memoryFs(files: Record<string, string>): EngineFs {
  return {
    stat: (p) => (p in files ? { size: files[p]!.length, mtimeMs: 0, type: 'file' } : undefined),
    readFile: (p): ReadResult =>
      p in files
        ? { ok: true, data: new TextEncoder().encode(files[p]), stat: { size: files[p]!.length, mtimeMs: 0, type: 'file' } }
        : { ok: false, reason: 'not-found', detail: `open ${p}: no such file or directory` },
  };
}

function hosts(text: string, opts: { env?: Record<string, string>; files?: Record<string, string>; file?: string } = {}): string[] {
  const doc = openDocument(opts.file ?? '/cfg/nats.conf', text, {
    ctx: { env: opts.env ?? {}, fs: memoryFs(opts.files ?? {}), dialect: 'latest' },
  })!;
  return hostsInConfig(doc).map((h) => `${h.kind}:${h.host} ${h.from}`);
}

test('addresses and URLs: the host part', () => {
  const table: [string, string][] = [
    ['nats.test:4222', 'nats.test'],
    ['[::1]:4222', '::1'],
    ['::1', '::1'],
    ['fe80::1', 'fe80::1'],
    [':4222', ''],
    ['nats.test', 'nats.test'],
  ];
  for (const [a, h] of table) assert.equal(hostOfAddress(a), h, a);
  const urls: [string, string][] = [
    ['nats-route://ruser:T0p$ecret@n2.test:6222', 'n2.test'],
    ['tls://[2001:db8::7]:7422', '2001:db8::7'],
    ['wss://hub.test/leafnode?x=1', 'hub.test'],
    ['nats://10.1.2.3', '10.1.2.3'],
    ['n3.test:6222', 'n3.test'],
  ];
  for (const [u, h] of urls) assert.equal(hostOfUrl(u), h, u);
});

test('every place a server config names a host, in file order, first occurrence kept', () => {
  const text = `
listen: "nats.test:4222"
client_advertise: "public.test"
cluster {
  name: c1
  listen: 0.0.0.0:6222
  advertise: "10.0.0.1:6222"
  routes: [ nats-route://n2.test:6222, "nats-route://user:pw@[fd00::2]:6222", nats-route://n2.test:6222 ]
}
gateway {
  name: A
  host: gw.test
  gateways: [ { name: B, url: "nats://gw-b.test:7222" }, { name: C, urls: ["nats://gw-c1.test:7222", "nats://10.9.9.9:7222"] } ]
}
leafnodes {
  advertise: leaf.test
  remotes: [ { url: "tls://hub.test:7422" }, { urls: ["wss://hub2.test:443", "tls://127.0.0.1:7422"] } ]
}
websocket { host: "::", listen: "ws.test:8443", advertise: "ws-public.test" }
mqtt { host: mqtt.test }
`;
  assert.deepEqual(hosts(text), [
    'dns:nats.test listen',
    'dns:public.test client_advertise',
    'ip:10.0.0.1 cluster.advertise',
    'dns:n2.test cluster.routes[0]',
    'ip:fd00::2 cluster.routes[1]',
    'dns:gw.test gateway.host',
    'dns:gw-b.test gateway.gateways[0].url',
    'dns:gw-c1.test gateway.gateways[1].urls[0]',
    'ip:10.9.9.9 gateway.gateways[1].urls[1]',
    'dns:leaf.test leafnodes.advertise',
    'dns:hub.test leafnodes.remotes[0].url',
    'dns:hub2.test leafnodes.remotes[1].urls[0]',
    'ip:127.0.0.1 leafnodes.remotes[1].urls[1]',
    'dns:ws.test websocket.listen',
    'dns:ws-public.test websocket.advertise',
    'dns:mqtt.test mqtt.host',
  ]);
});

test('wildcards, empty hosts and bare ports are no SANs', () => {
  assert.deepEqual(
    hosts('listen: 0.0.0.0:4222\nhost: ""\ncluster { listen: "[::]:6222", host: "::" }\nleafnodes { listen: ":7422" }\nport: 4222'),
    [],
  );
  assert.deepEqual(hosts('listen: 4222\nhttp_port: 8222'), []);
});

test('option names match case-insensitively, aliases count, the last definition wins', () => {
  assert.deepEqual(
    hosts('HOST: first.test\nNet: second.test\nLeaf { Remotes: [ { URL: "tls://hub.test:7422" } ] }\nWS { Host: ws.test }'),
    ['dns:second.test host', 'dns:hub.test leafnodes.remotes[0].url', 'dns:ws.test websocket.host'],
  );
  assert.deepEqual(hosts('cluster { listen: a.test:6222 }\ncluster { listen: b.test:6222 }'), ['dns:b.test cluster.listen']);
});

test('$VAR references are followed, to a key or the environment; unresolved ones are skipped', () => {
  assert.deepEqual(
    hosts('HUB: "tls://hub.test:7422"\nleafnodes { remotes: [ { url: $HUB } ] }\nhost: $NATS_HOST\ncluster { host: $MISSING }', {
      env: { NATS_HOST: 'Env.Test' },
    }),
    ['dns:env.test host', 'dns:hub.test leafnodes.remotes[0].url'],
  );
});

test('included files are read as part of the config', () => {
  const files = { '/cfg/cluster.conf': 'routes: [ "nats-route://n9.test:6222" ]' };
  assert.deepEqual(
    hosts('cluster {\n  include "cluster.conf"\n}\ninclude "net.conf"', {
      files: { ...files, '/cfg/net.conf': 'listen: "inc.test:4222"' },
    }),
    ['dns:inc.test listen', 'dns:n9.test cluster.routes[0]'],
  );
});

test('client configs have no hosts of their own', () => {
  const doc = openDocument('/cfg/client.yaml', 'servers: ["tls://nats.test:4222"]\n', {
    ctx: { env: {}, fs: undefined, dialect: 'latest' },
  })!;
  assert.equal(doc.role, 'client');
  assert.deepEqual(hostsInConfig(doc), []);
});
