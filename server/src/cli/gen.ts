// `nats-tls gen ca|server|client|mtls`: a test CA and certificates nats-server accepts, written to a folder.
// Prints what was written (paths, subjects, SANs, expiry); never key material.
import { escapeControls } from '../core/text/controls';
import * as path from 'node:path';
import { KEY_CHOICES, loadIssuer, type KeyChoice } from '../core/ca/profiles';
import type { Issuer } from '../core/ca/issue';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { openDocument, type ConfigDoc } from '../core/document';
import { decodeConfig } from '../core/text/decode';
import {
  certNameProblem,
  CA_CERT_FILE,
  CA_KEY_FILE,
  MTLS_CLIENTS,
  PlanError,
  planCa,
  planClient,
  planMtls,
  planServer,
  type CertSummary,
  type FilePlan,
} from '../core/ca/scaffold';
import { MAX_FILE_BYTES } from '../core/types';
import { nodeFs } from '../node-fs';
import { nodeConfContext } from '../node-host';
import { commandUsage, parseCommand, UsageError, type Io } from './args';
import { OverwriteRefused, writePlan } from './write-plan';

const KIND_USAGE = {
  ca: `  gen ca --out DIR [--name CN] [--constrain] [--key ecdsa-p256|rsa-2048|rsa-3072] [--force]
        A test CA (ca.pem, ca-key.pem); --constrain limits it to localhost, .test, 127.0.0.0/8 and ::1.`,
  server: `  gen server --ca DIR --out DIR --name NAME [--host H]... [--config FILE] [--no-loopback] [--days N] [--force]
        A server certificate (serverAuth+clientAuth) for NAME with SANs from --host, the hosts in FILE,
        and localhost, 127.0.0.1, ::1.`,
  client: `  gen client --ca DIR --out DIR --name NAME [--email E]... [--days N] [--force]
        A client certificate (clientAuth), CN=NAME, optional email SANs for verify_and_map.`,
  mtls: `  gen mtls --out DIR [--constrain] [--port N] [--force]
        CA, server-main, client-a, client-b, server.conf with verify: true, client-a.yaml, client-b.yaml.`,
};
type Kind = keyof typeof KIND_USAGE;

export const GEN_USAGE = `${Object.values(KIND_USAGE).join('\n')}
        gen also takes --key and --now DATE (issue as if the clock read DATE, e.g. to show expiry).`;

const GEN_FOOTER = `Every target also takes --key ${KEY_CHOICES.join('|')} and --now DATE (issue as if the clock read DATE).

Exit status: 0 when the files were written, 1 when they were not (files already there without --force,
an unusable CA or config), 2 on bad usage.`;

const usageOf = (kind: Kind | undefined): string => commandUsage(kind ? KIND_USAGE[kind] : GEN_USAGE, GEN_FOOTER);

const FLAGS = {
  out: { type: 'string' },
  ca: { type: 'string' },
  name: { type: 'string' },
  host: { type: 'string', multiple: true },
  config: { type: 'string' },
  email: { type: 'string', multiple: true },
  constrain: { type: 'boolean' },
  key: { type: 'string' },
  days: { type: 'string' },
  port: { type: 'string' },
  force: { type: 'boolean' },
  now: { type: 'string' },
  'no-loopback': { type: 'boolean' },
} as const;
type Flag = keyof typeof FLAGS;

const ALLOWED: Record<Kind, Flag[]> = {
  ca: ['out', 'name', 'constrain', 'key', 'force', 'now'],
  server: ['ca', 'out', 'name', 'host', 'config', 'no-loopback', 'days', 'key', 'force', 'now'],
  client: ['ca', 'out', 'name', 'email', 'days', 'key', 'force', 'now'],
  mtls: ['out', 'constrain', 'key', 'port', 'force', 'now'],
};

const isKind = (k: string | undefined): k is Kind => k !== undefined && Object.hasOwn(KIND_USAGE, k);

/** Input files that cannot be used (the CA, --config): exit 1, like a failed check. */
export class GenInputError extends Error {}

export async function runGen(args: string[], io: Io, clock: () => Date = () => new Date()): Promise<number> {
  const [kind, ...rest] = args;
  if (kind === '--help' || kind === '-h') {
    io.out(usageOf(undefined));
    return 0;
  }
  if (!isKind(kind))
    throw new UsageError(
      kind ? `unknown gen target "${kind}" (ca, server, client or mtls)` : 'gen needs a target: ca, server, client or mtls',
      usageOf(undefined),
    );
  const usage = usageOf(kind);
  // Only the options this target takes; the others are typed the same way, so the values read as FLAGS.
  const options = Object.fromEntries(ALLOWED[kind].map((k) => [k, FLAGS[k]])) as typeof FLAGS;
  const parsed = parseCommand(
    rest,
    {
      name: `gen ${kind}`,
      usage,
      options,
      positionals: false,
      unknown: (flag) => (Object.hasOwn(FLAGS, flag) ? `gen ${kind} does not take --${flag}` : undefined),
    },
    io,
  );
  if (!parsed) return 0;
  const opts = parsed.values;
  const fail = (message: string): UsageError => new UsageError(message, usage);
  const str = (k: 'out' | 'ca' | 'name' | 'config' | 'key' | 'days' | 'port' | 'now'): string | undefined => opts[k];
  const list = (k: 'host' | 'email'): string[] => opts[k] ?? [];
  const need = (k: 'out' | 'ca' | 'name'): string => {
    const v = str(k);
    if (!v) throw fail(`gen ${kind} needs --${k}`);
    return v;
  };
  const out = path.resolve(io.cwd, need('out'));
  const now = str('now') !== undefined ? parseDate(str('now')!, usage) : clock();
  const key = keyChoice(str('key'), usage);
  const days = str('days') !== undefined ? positiveInt('days', str('days')!, usage) : undefined;
  const common = { now, ...(key ? { key } : {}), ...(days ? { days } : {}) };
  const name = kind === 'ca' || kind === 'mtls' ? str('name') : need('name');
  if (name !== undefined) {
    // A CA name is only a CN (spaces welcome); leaf names also become file names.
    const problem =
      kind === 'ca' ? (name.trim() && name.length <= 64 ? undefined : '--name needs 1 to 64 characters') : certNameProblem(name);
    if (problem) throw fail(problem);
  }

  const port = str('port') !== undefined ? positiveInt('port', str('port')!, usage, 65535) : undefined;
  try {
    let plan: FilePlan;
    switch (kind) {
      case 'ca':
        plan = await planCa({ ...common, ...(name ? { name } : {}), nameConstraints: opts.constrain === true });
        break;
      case 'mtls':
        plan = await planMtls({ ...common, nameConstraints: opts.constrain === true, ...(port ? { port } : {}) });
        break;
      case 'server': {
        const issuer = await loadIssuerFromFiles(path.resolve(io.cwd, need('ca')));
        const config = str('config') !== undefined ? openServerConfig(path.resolve(io.cwd, str('config')!)) : undefined;
        plan = await planServer(issuer, {
          ...common,
          name: name!,
          hosts: list('host'),
          loopback: opts['no-loopback'] !== true,
          ...(config ? { config } : {}),
        });
        const errors = config?.issues.filter((i) => i.severity === 'error').length ?? 0;
        if (errors)
          plan.notes.push(
            `${config!.file} has ${errors} error${errors === 1 ? '' : 's'} nats-server would reject (see \`nats-tls check\`); hosts were read from what parses`,
          );
        break;
      }
      default: {
        const issuer = await loadIssuerFromFiles(path.resolve(io.cwd, need('ca')));
        plan = await planClient(issuer, { ...common, name: name!, email: list('email') });
      }
    }
    writePlan(out, plan.files, { force: opts.force === true });
    io.out(report(out, plan, io.cwd, kind === 'mtls' ? (port ?? 4222) : undefined));
    return 0;
  } catch (e) {
    // File-system failures (a file where --out wants a folder, no permission) are the user's to fix: exit 1, no stack.
    const fsError = e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
    if (e instanceof PlanError || e instanceof OverwriteRefused || e instanceof GenInputError || fsError) {
      io.err(`nats-tls gen ${kind}: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}

function openServerConfig(file: string): ConfigDoc {
  const read = nodeFs.readFile(file, MAX_CONFIG_BYTES);
  if (!read.ok) throw new GenInputError(`cannot read ${file}: ${read.detail}`);
  const doc = openDocument(file, decodeConfig(read.data), { ctx: nodeConfContext() });
  if (!doc || doc.role !== 'server') throw new GenInputError(`${file} is not a nats-server config`);
  return doc;
}

function parseDate(text: string, usage: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`--now needs a date such as 2024-01-31 or 2024-01-31T12:00:00Z, not "${text}"`, usage);
  return d;
}

function positiveInt(flag: string, text: string, usage: string, max = 36500): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new UsageError(`--${flag} needs a whole number from 1 to ${max}, not "${text}"`, usage);
  return Number(text);
}

/** The CA of `gen server|client --ca DIR`: DIR/ca.pem and DIR/ca-key.pem, read bounded. */
async function loadIssuerFromFiles(dir: string): Promise<Issuer> {
  const text = (name: string): string => {
    const file = path.join(dir, name);
    const read = nodeFs.readFile(file, MAX_FILE_BYTES);
    if (!read.ok) throw new GenInputError(`cannot read ${file}: ${read.detail}`);
    return decodeConfig(read.data);
  };
  const cert = text(CA_CERT_FILE);
  const key = text(CA_KEY_FILE);
  try {
    return await loadIssuer(cert, key);
  } catch (e) {
    throw new GenInputError(`${dir}: ${(e as Error).message}`);
  }
}

function keyChoice(text: string | undefined, usage: string): KeyChoice | undefined {
  if (text === undefined) return undefined;
  if (!(KEY_CHOICES as readonly string[]).includes(text))
    throw new UsageError(`--key must be one of ${KEY_CHOICES.join(', ')}, not "${text}"`, usage);
  return text as KeyChoice;
}

const day = (d: Date): string =>
  d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');

function describe(c: CertSummary): string[] {
  const role = { ca: 'CA certificate', server: 'server certificate', client: 'client certificate' }[c.role];
  const lines = [`${role}  ${c.subject}`];
  if (c.names.length) lines.push(`SANs: ${c.names.join(', ')}`);
  const eku = c.extKeyUsage.length ? `${c.extKeyUsage.join('+')}, ` : '';
  lines.push(`${eku}${c.key}, valid ${day(c.notBefore)} to ${day(c.notAfter)}`);
  if (c.nameConstraints)
    lines.push(`name constraints: ${[...c.nameConstraints.permitted, ...c.nameConstraints.excluded.map((e) => `not ${e}`)].join(', ')}`);
  return lines;
}

function report(out: string, plan: FilePlan, cwd: string, mtlsPort: number | undefined): string {
  const rel = path.relative(cwd, out);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : out;
  const width = Math.max(...plan.files.map((f) => f.relativePath.length)) + 2;
  const lines = [`Wrote ${plan.files.length} files to ${shown}:`];
  for (const f of plan.files) {
    const cert = plan.certificates.find((c) => c.file === f.relativePath);
    const mode = `mode ${f.mode.toString(8).padStart(4, '0')}`;
    const first = f.relativePath.padEnd(width);
    if (cert) {
      const [head, ...more] = describe(cert);
      lines.push(`  ${first}${head}`, ...more.map((m) => `  ${' '.repeat(width)}${m}`));
    } else if (f.kind === 'ca-key') lines.push(`  ${first}CA private key, ${mode}: keep it private, never commit it`);
    else if (f.kind === 'key') lines.push(`  ${first}private key, ${mode}`);
    else lines.push(`  ${first}${f.relativePath.endsWith('.conf') ? 'nats-server config' : 'client config'}`);
  }
  for (const n of plan.notes) lines.push(`note: ${n}`);
  if (mtlsPort !== undefined) {
    lines.push(
      '',
      'Next:',
      `  cd ${shown} && nats-server -c server.conf`,
      `  nats --server tls://localhost:${mtlsPort} --tlscert ${MTLS_CLIENTS[0]}.pem --tlskey ${MTLS_CLIENTS[0]}-key.pem --tlsca ${CA_CERT_FILE} pub hello world`,
      `  nats-tls check ${shown}`,
    );
  }
  // Paths, subjects, names and notes may hold the user's (or a config's) text: one line each, whatever it holds.
  return lines.map(escapeControls).join('\n');
}
