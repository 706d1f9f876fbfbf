// no-certificate, verify-without-ca, ca-file-unused, insecure-skip-verify: what a block really verifies.
import { test } from 'node:test';
import { expectFindings, runTls } from '../helpers/tls';

const CODES = ['no-certificate', 'verify-without-ca', 'ca-file-unused', 'insecure-skip-verify'];

function check(files: Record<string, string>, file: string, expected: Parameters<typeof expectFindings>[3]): void {
  expectFindings(runTls({ configs: files }), file, CODES, expected);
}

test('a listener without a certificate source', () => {
  check({ '/nats.conf': '⟦tls⟧ {\n  verify: true\n  ca_file: "ca.pem"\n}\n' }, '/nats.conf', [
    { code: 'no-certificate', severity: 'warning', says: 'tls: no certificates configured' },
  ]);
  check({ '/nats.conf': 'websocket {\n  ⟦tls⟧ {}\n}\n' }, '/nats.conf', ['no-certificate']);
  // Client-side blocks may legitimately have no certificate.
  check({ '/nats.conf': 'leafnodes { remotes [ { url: "tls://hub:7422", tls { ca_file: "ca.pem" } } ] }\n' }, '/nats.conf', []);
  check({ '/nats.conf': 'tls { certs: [ { cert_file: "a.pem", key_file: "k.pem" } ] }\n' }, '/nats.conf', []);
});

test('verify without ca_file checks clients against the system roots', () => {
  check({ '/nats.conf': 'tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  ⟦verify⟧: true\n}\n' }, '/nats.conf', [
    { code: 'verify-without-ca', says: 'system' },
  ]);
  check({ '/nats.conf': 'tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  ⟦verify_and_map⟧: true\n}\n' }, '/nats.conf', [
    'verify-without-ca',
  ]);
  check({ '/nats.conf': 'cluster {\n  ⟦tls⟧ { cert_file: "s.pem", key_file: "s-key.pem" }\n}\n' }, '/nats.conf', [
    { code: 'verify-without-ca', says: 'cluster routes' },
  ]);
  check({ '/nats.conf': 'tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  verify: false\n}\n' }, '/nats.conf', []);
});

test('ca_file on a listener without verify is loaded and unused', () => {
  check({ '/nats.conf': 'tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  ⟦ca_file⟧: "ca.pem"\n}\n' }, '/nats.conf', [
    { code: 'ca-file-unused', says: 'verify: true' },
  ]);
  check({ '/nats.conf': 'mqtt { tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  ⟦ca_file⟧: "ca.pem"\n} }\n' }, '/nats.conf', [
    'ca-file-unused',
  ]);
  // In a cluster the same ca_file verifies both directions: it is always used.
  check({ '/nats.conf': 'cluster { tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  ca_file: "ca.pem"\n} }\n' }, '/nats.conf', []);
});

test('insecure: true where this side dials out', () => {
  check(
    { '/nats.conf': 'cluster { tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  ca_file: "ca.pem"\n  ⟦insecure⟧: true\n} }\n' },
    '/nats.conf',
    [{ code: 'insecure-skip-verify', severity: 'warning', says: 'impersonate' }],
  );
  check({ '/nats.conf': 'leafnodes { remotes: [ { url: "tls://hub:7422", tls { ⟦insecure⟧: true } } ] }\n' }, '/nats.conf', [
    'insecure-skip-verify',
  ]);
  check({ '/client.yaml': 'servers: ["tls://localhost:4222"]\ntls:\n  ca_file: ca.pem\n  ⟦insecure⟧: true\n' }, '/client.yaml', [
    'insecure-skip-verify',
  ]);
  check({ '/nats.conf': 'leafnodes { remotes: [ { url: "tls://hub:7422", tls { insecure: false } } ] }\n' }, '/nats.conf', []);
});
