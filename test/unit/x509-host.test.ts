// matchesHost / hostErrorText: Go's VerifyHostname and HostnameError, as a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCertificate } from '../../server/src/core/x509/cert';
import { formatIp, parseIp } from '../../server/src/core/x509/ip';
import type { CertInfo } from '../../server/src/core/x509/model';
import { hostErrorText, matchesHost } from '../../server/src/core/x509/verify';
import { CertFactory, type LeafOptions } from '../helpers/certs';

const f = new CertFactory();
const made = new Map<string, Promise<CertInfo>>();
const cert = (opts: LeafOptions): Promise<CertInfo> => {
  const id = JSON.stringify(opts);
  let p = made.get(id);
  if (!p)
    made.set(
      id,
      (p = f.leaf(undefined, opts).then((m) => {
        const r = parseCertificate(m.der, 0, 0);
        if (!r.ok) throw new Error(r.error);
        return r.cert;
      })),
    );
  return p;
};

const STD: LeafOptions = {
  san: { dns: ['localhost', 'nats.example.com', '*.svc.example.com', 'UPPER.Example.COM'], ip: ['127.0.0.1', '::1', '10.0.0.7'] },
};

// [certificate, host, matches]
const table: [string, LeafOptions, string, boolean][] = [
  ['exact DNS', STD, 'localhost', true],
  ['DNS, case-insensitive', STD, 'NATS.example.com', true],
  ['SAN in upper case', STD, 'upper.example.com', true],
  ['trailing dot on the host', STD, 'nats.example.com.', true],
  ['different name', STD, 'other.example.com', false],
  ['wildcard: one label', STD, 'a.svc.example.com', true],
  ['wildcard: not two labels', STD, 'a.b.svc.example.com', false],
  ['wildcard: not zero labels', STD, 'svc.example.com', false],
  ['wildcard, case-insensitive', STD, 'NODE-1.SVC.example.com', true],
  ['IPv4 SAN', STD, '127.0.0.1', true],
  ['IPv4 not in SANs', STD, '127.0.0.2', false],
  ['IPv6 SAN', STD, '::1', true],
  ['IPv6 bracketed', STD, '[::1]', true],
  ['IPv6 long form', STD, '0:0:0:0:0:0:0:1', true],
  ['IPv4-mapped IPv6 equals IPv4', STD, '::ffff:10.0.0.7', true],
  ['an IP never matches a DNS SAN', { san: { dns: ['127.0.0.1'] } }, '127.0.0.1', false],
  ['a DNS name never matches an IP SAN', { san: { ip: ['127.0.0.1'] } }, 'localhost', false],
  ['no Common Name fallback', { cn: 'localhost', san: undefined }, 'localhost', false],
  ['CN ignored even with SANs', { cn: 'cn.example.com', san: { dns: ['san.example.com'] } }, 'cn.example.com', false],
  ['partial wildcard is not a wildcard', { san: { dns: ['f*.example.com'] } }, 'foo.example.com', false],
  ['wildcard only in the left-most label', { san: { dns: ['a.*.example.com'] } }, 'a.b.example.com', false],
  ['a bare "*" matches any one-label name, as in Go', { san: { dns: ['*'] } }, 'localhost', true],
  ['… but not a dotted one', { san: { dns: ['*'] } }, 'nats.example.com', false],
  ['a SAN with a trailing dot matches only exactly', { san: { dns: ['dotted.example.com.'] } }, 'dotted.example.com.', true],
  ['… and not without the dot', { san: { dns: ['dotted.example.com.'] } }, 'dotted.example.com', false],
  ['underscores are tolerated', { san: { dns: ['my_host.example.com'] } }, 'my_host.example.com', true],
  ['IPv4 with a leading zero is a name, not an IP', STD, '127.0.0.01', false],
];

for (const [name, opts, host, want] of table) {
  test(`matchesHost: ${name} (${host})`, async () => {
    assert.equal(matchesHost(await cert(opts), host), want);
    assert.equal(hostErrorText(await cert(opts), host) === '', want);
  });
}

test("hostErrorText: Go's exact HostnameError texts", async () => {
  const std = await cert(STD);
  assert.equal(
    hostErrorText(std, 'other.example.com'),
    'x509: certificate is valid for localhost, nats.example.com, *.svc.example.com, UPPER.Example.COM, not other.example.com',
  );
  assert.equal(hostErrorText(std, '192.168.1.1'), 'x509: certificate is valid for 127.0.0.1, ::1, 10.0.0.7, not 192.168.1.1');
  assert.equal(hostErrorText(std, '[fe80::1]'), 'x509: certificate is valid for 127.0.0.1, ::1, 10.0.0.7, not fe80::1');
  const dnsOnly = await cert({ san: { dns: ['localhost'] } });
  assert.equal(hostErrorText(dnsOnly, '1.2.3.4'), "x509: cannot validate certificate for 1.2.3.4 because it doesn't contain any IP SANs");
  const emailOnly = await cert({ cn: 'alice', san: { email: ['alice@example.com'] } });
  assert.equal(hostErrorText(emailOnly, 'c'), 'x509: certificate is not valid for any names, but wanted to match c');
  const cnOnly = await cert({ cn: 'localhost', san: undefined });
  assert.equal(hostErrorText(cnOnly, 'localhost'), 'x509: certificate relies on legacy Common Name field, use SANs instead');
  assert.equal(hostErrorText(cnOnly, 'LOCALHOST.'), 'x509: certificate relies on legacy Common Name field, use SANs instead');
  assert.equal(hostErrorText(cnOnly, 'elsewhere'), 'x509: certificate is not valid for any names, but wanted to match elsewhere');
  const cnIp = await cert({ cn: '127.0.0.1', san: undefined });
  assert.equal(hostErrorText(cnIp, '127.0.0.1'), 'x509: certificate relies on legacy Common Name field, use SANs instead');
  // A SAN extension, even with no DNS names, turns the legacy hint off.
  assert.equal(
    hostErrorText(await cert({ cn: 'localhost', san: { email: ['a@b.c'] } }), 'localhost'),
    'x509: certificate is not valid for any names, but wanted to match localhost',
  );
});

test('IP parsing and printing follow Go', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::', '2001:db8::'],
    ['fe80:0:0:1::', 'fe80:0:0:1::'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::', '::'],
    ['1.2.3', undefined],
    ['256.1.1.1', undefined],
    ['01.2.3.4', undefined],
    ['1::2::3', undefined],
    ['fe80::1%eth0', undefined],
    ['localhost', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
  ];
  for (const [input, want] of cases) {
    const ip = parseIp(input);
    assert.equal(ip === undefined ? undefined : formatIp(ip), want, input);
  }
});
