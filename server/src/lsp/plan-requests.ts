// Certificate plans for the client's generate and renew commands: the engine plans (core/ca), the server reads
// the CA and key files, and private keys go back sealed to the client's one-time key (protocol/seal.ts), which
// only writes them. Nothing here logs a plan.
import * as path from 'node:path';
import type { Issuer } from '../core/ca/issue';
import type { KeyChoice } from '../core/ca/profiles';
import type { CertSummary, FilePlan } from '../core/ca/scaffold';
import { decodeConfig } from '../core/text/decode';
import { validityText } from '../core/x509/describe';
import { SECRET_KINDS } from '../protocol/files';
import {
  CheckInputRequest,
  PlanClientCertificateRequest,
  PlanMutualTlsRequest,
  PlanRenewalRequest,
  PlanServerCertificateRequest,
  PlanTestCaRequest,
  type CaFiles,
  type CertificateSummary,
  type CheckInputParams,
  type PlanResult,
} from '../protocol/requests';
import { seal } from '../protocol/seal';
import type { CaEngine } from './ca-engine';
import { absolute, exists, handle, loadCaEngine, readBytes, RequestFailed, shown, str, strings } from './request-support';
import type { ServerContext } from './server';

/** What the input boxes refuse, in the words the plans would use. */
export function inputProblem(ca: CaEngine, p: CheckInputParams): string | undefined {
  const { certNameProblem, emailProblem, hostProblem } = ca;
  const values = strings(p.values, 'values');
  switch (p.kind) {
    case 'certificate-name':
      return certNameProblem(values[0] ?? '');
    case 'hosts':
      if (!values.length) return 'a server certificate needs at least one host name or IP address';
      return values.map(hostProblem).find(Boolean);
    case 'emails':
      return values.map(emailProblem).find(Boolean);
    default:
      throw new RequestFailed(`unknown input kind ${String(p.kind)}`);
  }
}

function summary(c: CertSummary): CertificateSummary {
  return { ...c, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() };
}

/** The plan as it travels: key files sealed to `recipient`, everything else as is. */
export function sealedPlan(plan: FilePlan, recipient: string): PlanResult {
  return {
    files: plan.files.map((f) => {
      const { contents, ...rest } = f;
      return SECRET_KINDS.has(f.kind) ? { ...rest, sealed: seal(contents, recipient) } : { ...rest, contents };
    }),
    certificates: plan.certificates.map(summary),
    notes: plan.notes,
  };
}

/** Checked before any work: a recipient that is no X25519 key would fail only after the keys were made. */
function recipientOf(v: unknown): string {
  const r = str(v, 'recipient');
  try {
    seal('', r);
  } catch (e) {
    throw new RequestFailed(`recipient: ${(e as Error).message}`);
  }
  return r;
}

function caOf(v: unknown): CaFiles {
  const c = (v ?? {}) as Partial<CaFiles>;
  return { certPath: absolute(c.certPath, 'ca.certPath'), keyPath: absolute(c.keyPath, 'ca.keyPath') };
}

async function issuerOf(ctx: ServerContext, engine: CaEngine, ca: CaFiles): Promise<Issuer> {
  const cert = decodeConfig(readBytes(ctx, ca.certPath));
  const key = decodeConfig(readBytes(ctx, ca.keyPath));
  try {
    return await engine.loadIssuer(cert, key);
  } catch (e) {
    throw new RequestFailed(`${shown(ctx, ca.certPath)}: ${(e as Error).message}`);
  }
}

function nameOf(engine: CaEngine, v: unknown): string {
  const name = str(v, 'name');
  const problem = engine.certNameProblem(name);
  if (problem) throw new RequestFailed(problem);
  return name;
}

function keyChoiceOf(engine: CaEngine, v: unknown): KeyChoice | undefined {
  const { KEY_CHOICES } = engine;
  if (v === undefined) return undefined;
  if (!KEY_CHOICES.includes(v as KeyChoice)) throw new RequestFailed(`key must be one of ${KEY_CHOICES.join(', ')}`);
  return v as KeyChoice;
}

export function registerPlanRequests(ctx: ServerContext): void {
  const now = (): Date => ctx.runtime.host.clock.now();

  handle(ctx, CheckInputRequest, async (p) => {
    const problem = inputProblem(await loadCaEngine(), p);
    return problem ? { problem } : {};
  });

  handle(ctx, PlanTestCaRequest, async (p) => {
    const engine = await loadCaEngine();
    const recipient = recipientOf(p.recipient);
    const key = keyChoiceOf(engine, p.key);
    const name = typeof p.name === 'string' && p.name.trim() ? p.name.trim() : undefined;
    const plan = await engine.planCa({
      now: now(),
      nameConstraints: p.nameConstraints === true,
      ...(name ? { name } : {}),
      ...(key ? { key } : {}),
    });
    return sealedPlan(plan, recipient);
  });

  handle(ctx, PlanServerCertificateRequest, async (p) => {
    const engine = await loadCaEngine();
    const recipient = recipientOf(p.recipient);
    const name = nameOf(engine, p.name);
    const hosts = strings(p.hosts, 'hosts');
    const problem = inputProblem(engine, { kind: 'hosts', values: hosts });
    if (problem) throw new RequestFailed(problem);
    const issuer = await issuerOf(ctx, engine, caOf(p.ca));
    return sealedPlan(await engine.planServer(issuer, { now: now(), name, hosts, loopback: false }), recipient);
  });

  handle(ctx, PlanClientCertificateRequest, async (p) => {
    const engine = await loadCaEngine();
    const recipient = recipientOf(p.recipient);
    const name = nameOf(engine, p.name);
    const email = strings(p.email ?? [], 'email');
    const issuer = await issuerOf(ctx, engine, caOf(p.ca));
    return sealedPlan(await engine.planClient(issuer, { now: now(), name, email }), recipient);
  });

  handle(ctx, PlanMutualTlsRequest, async (p) => {
    const engine = await loadCaEngine();
    const recipient = recipientOf(p.recipient);
    const port = Number.isInteger(p.port) && p.port! > 0 && p.port! < 65536 ? p.port : undefined;
    const plan = await engine.planMtls({ now: now(), nameConstraints: p.nameConstraints === true, ...(port ? { port } : {}) });
    return sealedPlan(plan, recipient);
  });

  handle(ctx, PlanRenewalRequest, async (p) => {
    const engine = await loadCaEngine();
    const recipient = recipientOf(p.recipient);
    const certPath = absolute(p.certPath, 'certPath');
    const index = Number.isInteger(p.index) && p.index! >= 0 ? p.index! : 0;
    // The key to keep: the block's key_file, else `<name>-key.pem` beside the certificate (also where a new key goes).
    const keyPath =
      p.keyPath === undefined
        ? path.join(path.dirname(certPath), engine.renewedKeyFile(path.basename(certPath)))
        : absolute(p.keyPath, 'keyPath');
    const issuer = await issuerOf(ctx, engine, caOf(p.ca));
    const bytes = readBytes(ctx, certPath);
    const keyPem = exists(ctx, keyPath) ? decodeConfig(readBytes(ctx, keyPath)) : undefined;
    const at = now();
    const plan = await engine.planRenew(issuer, {
      now: at,
      certFile: { relativePath: path.basename(certPath), bytes },
      index,
      ...(keyPem !== undefined ? { key: { pem: keyPem } } : {}),
      newKeyPath: path.basename(keyPath),
    });
    return {
      ...sealedPlan(plan, recipient),
      certPath,
      keyPath,
      role: plan.role,
      keptKey: plan.keptKey,
      old: { subject: plan.old.subject, notAfter: plan.old.notAfter.toISOString(), timeLeft: validityText(plan.old, at).timeLeft },
    };
  });
}
