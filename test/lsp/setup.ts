// Protocol-test fixtures: a temporary workspace with a test PKI generated at test time (relative to the
// server's fixed clock), config files with ⟦range⟧ / $0 markers, and a running language server.
import { CertFactory, DAY, privateKeys, writeFixtureDir, type FixtureDir, type Material } from '../helpers/certs';
import { fixture, type Fixture } from '../helpers/fixture';
import { LspClient, type ClientOptions } from './client';

/** The server's clock in every protocol test (NATS_TLS_NOW). */
export const NOW = new Date('2026-06-01T12:00:00Z');

export interface Pki {
  ca: Material;
  otherCa: Material;
  server: Material;
  client: Material;
  expiring: Material;
  expired: Material;
}

let pkiPromise: Promise<Pki> | undefined;

/** One PKI per test process: a root CA, another CA, and leaves (valid, expiring in 10 days, expired 12 days ago). */
export function pki(): Promise<Pki> {
  pkiPromise ??= (async () => {
    const f = new CertFactory(NOW);
    const ca = await f.ca({ cn: 'Test Root CA' });
    const otherCa = await f.ca({ cn: 'Other CA' });
    const server = await f.leaf(ca, { cn: 'server-main' });
    const client = await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: { email: ['a@example.test'] } });
    const expiring = await f.leaf(ca, {
      cn: 'expiring',
      notBefore: new Date(NOW.getTime() - 355 * DAY),
      notAfter: new Date(NOW.getTime() + 10 * DAY),
    });
    const expired = await f.expired(ca, 12);
    return { ca, otherCa, server, client, expiring, expired };
  })();
  return pkiPromise;
}

/** The standard certificate files, by relative path. */
export async function pkiFiles(dir = 'certs'): Promise<Record<string, string>> {
  const p = await pki();
  const j = (n: string): string => (dir ? `${dir}/${n}` : n);
  return {
    [j('ca.pem')]: p.ca.pem,
    [j('ca-key.pem')]: p.ca.keyPem,
    [j('server.pem')]: p.server.pem,
    [j('server-key.pem')]: p.server.keyPem,
    [j('client.pem')]: p.client.pem,
    [j('client-key.pem')]: p.client.keyPem,
    [j('expiring.pem')]: p.expiring.pem,
    [j('expiring-key.pem')]: p.expiring.keyPem,
    [j('expired.pem')]: p.expired.pem,
    [j('expired-key.pem')]: p.expired.keyPem,
  };
}

export type TestWorkspace = FixtureDir;

export function tempWorkspace(files: Record<string, string | Uint8Array> = {}): TestWorkspace {
  return writeFixtureDir(files, { prefix: 'nats-tls-lsp-', mode: privateKeys });
}

export interface Session {
  ws: TestWorkspace;
  client: LspClient;
  /** Opens a config (marked text) and returns its uri and parsed fixture. */
  open(rel: string, marked: string, opts?: { write?: boolean }): Promise<{ uri: string; fx: Fixture; file: string }>;
  close(): Promise<void>;
}

/** A workspace with the standard PKI under certs/, plus `files`, and a server started on it. */
export async function session(files: Record<string, string> = {}, opts: Partial<ClientOptions> = {}): Promise<Session> {
  const ws = tempWorkspace({ ...(await pkiFiles()), ...files });
  const client = await LspClient.start({ now: NOW, folders: [ws.dir], ...opts });
  return {
    ws,
    client,
    async open(rel, marked, o = {}) {
      const fx = fixture(marked);
      const file = ws.path(rel);
      if (o.write !== false) ws.write(rel, fx.text);
      const uri = await client.open(file, fx.text);
      return { uri, fx, file };
    },
    async close() {
      await client.stop();
      ws.cleanup();
    },
  };
}
