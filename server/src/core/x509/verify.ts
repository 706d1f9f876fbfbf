// Chain verification that predicts what Go's crypto/x509 Certificate.Verify (Go 1.19 and later) will say
// during a nats-server TLS handshake: the same candidate order, the same checks, the same error texts.
import { hash, createPublicKey } from 'node:crypto';
import { certInternals, serialDecimal, type CertInternals } from './cert';
import { view } from './bytes';
import { goQuote, hasNameConstraints, MAX_CONSTRAINT_COMPARISONS, nameConstraintError, type ConstraintFailure } from './constraints';
import type { CertInfo, KeyInfo } from './model';
import { goSignatureError } from './signature';
import { spkiDer } from './key';

export { hostErrorText, matchesHost } from './host';

export type ChainFailure =
  | 'unknown-authority'
  | 'expired'
  | 'not-yet-valid'
  | 'incompatible-usage'
  | 'name-constraints'
  | 'not-a-ca'
  | 'bad-signature'
  /** A CA's pathLen is smaller than the number of intermediates below it. */
  | 'path-length'
  /** A certificate has a critical extension Go does not understand. */
  | 'unhandled-critical-extension'
  /** Checking a CA's name constraints took more than Go's 250,000 comparisons: Go gives up. */
  | 'too-many-constraints';

/** How much name-constraint work a verification took: Go's count, and the comparisons actually made. */
interface ConstraintWork {
  constraintComparisons?: number;
  comparisonsMade?: number;
}

export type ChainResult = ({ ok: true; chain: CertInfo[] } | { ok: false; reason: ChainFailure; detail: string }) & ConstraintWork;

export interface VerifyOptions {
  intermediates: CertInfo[];
  roots: CertInfo[];
  at: Date;
  /** The extended key usage the verifier asks for; omitted = any usage (Go's ExtKeyUsageAny). */
  usage?: 'serverAuth' | 'clientAuth';
}

const normalizedSpki = new WeakMap<CertInfo, string | null>();

/** Whether the private key belongs to the certificate (same public key). */
export function keyMatchesCert(key: KeyInfo, cert: CertInfo): boolean {
  const pub = key.publicKey;
  if (!pub) return false;
  if (pub.spkiSha256 === cert.publicKey.spkiSha256) return true;
  if (pub.algorithm !== cert.publicKey.algorithm) return false;
  // The certificate may encode the same key differently (a compressed EC point): compare canonical encodings.
  let n = normalizedSpki.get(cert);
  if (n === undefined) {
    try {
      const spki = certInternals(cert)!.spki;
      const der = spkiDer(createPublicKey({ key: view(spki), format: 'der', type: 'spki' }));
      n = hash('sha256', der, 'hex');
    } catch {
      n = null;
    }
    normalizedSpki.set(cert, n);
  }
  return n === pub.spkiSha256;
}

interface GoError {
  reason: ChainFailure;
  text: string;
}

type CertType = 'leaf' | 'intermediate' | 'root';

interface Ctx {
  at: Date;
  usage: VerifyOptions['usage'];
  sigChecks: number;
  /** Name-constraint comparisons over every candidate CA: as Go counts them, and as made. */
  counted: number;
  made: number;
  roots: Pool;
  intermediates: Pool;
}

interface Node {
  cert: CertInfo;
  inner: CertInternals;
}

/** Go's CertPool: deduplicated, candidates looked up by the issuer's raw name. */
class Pool {
  private readonly byName = new Map<string, Node[]>();
  private readonly seen = new Set<string>();
  constructor(certs: CertInfo[]) {
    for (const cert of certs) {
      const inner = certInternals(cert);
      if (!inner || this.seen.has(cert.sha256Fingerprint)) continue;
      this.seen.add(cert.sha256Fingerprint);
      const list = this.byName.get(inner.rawSubject) ?? [];
      list.push({ cert, inner });
      this.byName.set(inner.rawSubject, list);
    }
  }
  contains(cert: CertInfo): boolean {
    return this.seen.has(cert.sha256Fingerprint);
  }
  /** Same order as Go: key ids matching, then one missing, then mismatched. */
  parentsOf(child: Node): Node[] {
    const all = this.byName.get(child.inner.rawIssuer) ?? [];
    const rank = (p: Node): number => {
      const ski = p.cert.subjectKeyId ?? '';
      const aki = child.cert.authorityKeyId ?? '';
      if (ski === aki) return 0;
      return ski === '' || aki === '' ? 1 : 2;
    };
    return [...all].sort((a, b) => rank(a) - rank(b));
  }
}

const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const sigCache = new WeakMap<CertInfo, Map<CertInfo, GoError | null>>();

/** Go's CheckSignatureFrom: the parent must be allowed to sign, and the signature must verify. */
function checkSignatureFrom(child: Node, parent: Node): GoError | undefined {
  let byParent = sigCache.get(child.cert);
  const cached = byParent?.get(parent.cert);
  if (cached !== undefined) return cached ?? undefined;
  const p = parent.cert;
  let err: GoError | undefined;
  if ((p.version === 3 && p.isCA === undefined) || p.isCA === false || (p.keyUsage?.length && !p.keyUsage.includes('keyCertSign'))) {
    err = { reason: 'not-a-ca', text: 'x509: invalid signature: parent certificate cannot sign this kind of certificate' };
  } else if (p.publicKey.algorithm === 'unknown') {
    err = { reason: 'bad-signature', text: 'x509: cannot verify signature: algorithm unimplemented' };
  } else {
    const text = goSignatureError(child.inner, parent.inner.spki, p.publicKey.algorithm);
    if (text) err = { reason: 'bad-signature', text };
  }
  if (!byParent) sigCache.set(child.cert, (byParent = new Map()));
  byParent.set(p, err ?? null);
  return err;
}

/** Go's isValid for a certificate about to join `chain` as `type`. */
function isValid(n: Node, type: CertType, chain: Node[], ctx: Ctx): GoError | undefined {
  const c = n.cert;
  if (n.inner.unhandledCritical.length) return { reason: 'unhandled-critical-extension', text: 'x509: unhandled critical extension' };
  const expired = 'x509: certificate has expired or is not yet valid: ';
  if (ctx.at.getTime() < c.notBefore.getTime())
    return { reason: 'not-yet-valid', text: `${expired}current time ${rfc3339(ctx.at)} is before ${rfc3339(c.notBefore)}` };
  if (ctx.at.getTime() > c.notAfter.getTime())
    return { reason: 'expired', text: `${expired}current time ${rfc3339(ctx.at)} is after ${rfc3339(c.notAfter)}` };
  const eku = c.extKeyUsage;
  if (ctx.usage && eku && eku.length > 0 && !eku.includes(ctx.usage) && !eku.includes('any')) {
    return { reason: 'incompatible-usage', text: 'x509: certificate specifies an incompatible key usage' };
  }
  if (type !== 'leaf' && hasNameConstraints(n.inner)) {
    const failure = constraintFailure(n, chain[0]!, ctx);
    if (failure) return failure;
  }
  if (type === 'intermediate' && c.isCA !== true)
    return { reason: 'not-a-ca', text: 'x509: certificate is not authorized to sign other certificates' };
  if (c.isCA !== undefined && c.pathLen !== undefined && chain.length - 1 > c.pathLen)
    return { reason: 'path-length', text: 'x509: too many intermediates for path length constraint' };
  return undefined;
}

/** Name-constraint results per CA and leaf: the same pair is verified by several checks and hovers. */
const constraintCache = new WeakMap<CertInfo, WeakMap<CertInfo, { failure: ConstraintFailure | undefined; counted: number }>>();

/** Go's name-constraint part of isValid: the leaf's names, then the CA's own, with one comparison budget. */
function constraintFailure(n: Node, leaf: Node, ctx: Ctx): ConstraintFailure | undefined {
  let byLeaf = constraintCache.get(n.cert);
  const cached = byLeaf?.get(leaf.cert);
  if (cached) {
    ctx.counted += cached.counted;
    return cached.failure;
  }
  const budget = { counted: 0, made: 0 };
  let failure: ConstraintFailure | undefined;
  for (const named of [leaf, n]) {
    if (!named.cert.san) continue;
    failure = nameConstraintError(n.inner, named.inner.sans, budget);
    if (failure) break;
  }
  ctx.counted += budget.counted;
  ctx.made += budget.made;
  if (!byLeaf) constraintCache.set(n.cert, (byLeaf = new WeakMap()));
  byLeaf.set(leaf.cert, { failure, counted: budget.counted });
  return failure;
}

function alreadyInChain(candidate: Node, chain: Node[]): boolean {
  return chain.some(
    (n) =>
      n.inner.rawSubject === candidate.inner.rawSubject &&
      n.cert.publicKey.spkiSha256 === candidate.cert.publicKey.spkiSha256 &&
      n.inner.sanRaw === candidate.inner.sanRaw,
  );
}

function unknownAuthority(hint: GoError | undefined, hintCert: CertInfo | undefined): GoError {
  let text = 'x509: certificate signed by unknown authority';
  if (!hint || !hintCert) return { reason: 'unknown-authority', text };
  const inner = certInternals(hintCert);
  const name = hintCert.subjectCN || inner?.subjectO || `serial:${serialDecimal(hintCert)}`;
  text += ` (possibly because of ${goQuote(hint.text)} while trying to verify candidate authority certificate ${goQuote(name)})`;
  return { reason: hint.reason, text };
}

function buildChains(c: Node, chain: Node[], ctx: Ctx): { chains: Node[][]; err: GoError | undefined } {
  const chains: Node[][] = [];
  let err: GoError | undefined;
  let hint: GoError | undefined;
  let hintCert: CertInfo | undefined;
  const consider = (type: CertType, candidate: Node): void => {
    if (alreadyInChain(candidate, chain)) return;
    if (++ctx.sigChecks > 100) {
      err = { reason: 'unknown-authority', text: 'x509: signature check attempts limit reached while verifying certificate chain' };
      return;
    }
    const sigErr = checkSignatureFrom(c, candidate);
    if (sigErr) {
      if (!hint) [hint, hintCert] = [sigErr, candidate.cert];
      return;
    }
    err = isValid(candidate, type, chain, ctx);
    if (err) return;
    if (type === 'root') chains.push([...chain, candidate]);
    else {
      const r = buildChains(candidate, [...chain, candidate], ctx);
      chains.push(...r.chains);
      err = r.err;
    }
  };
  for (const r of ctx.roots.parentsOf(c)) consider('root', r);
  for (const i of ctx.intermediates.parentsOf(c)) consider('intermediate', i);
  if (chains.length > 0) err = undefined;
  else if (!err) err = unknownAuthority(hint, hintCert);
  return { chains, err };
}

/**
 * What a failure means beyond Go's words, for messages: Go's text for too many name-constraint comparisons
 * ("x509: unknown error") says nothing by itself.
 */
export function chainFailureNote(r: { reason: ChainFailure }): string {
  if (r.reason !== 'too-many-constraints') return '';
  return ` Go gives up after ${MAX_CONSTRAINT_COMPARISONS.toLocaleString('en-US')} name-constraint comparisons for one CA (its constraints times the names checked against them), so nats-server releases built with Go before its 2025 rewrite of name-constraint checking (2.9.10, 2.10.27) reject this chain; nats-server 2.15.1 checks it in full. Give the CA fewer name constraints or the certificate fewer names.`;
}

/**
 * Builds and checks a chain from `leaf` to one of `roots` as Go does. On failure, `reason` names the cause
 * (for a rejected candidate issuer, the cause behind Go's "unknown authority") and `detail` is Go's text.
 */
export function verifyChain(leaf: CertInfo, opts: VerifyOptions): ChainResult {
  try {
    const inner = certInternals(leaf);
    if (!inner) return { ok: false, reason: 'unknown-authority', detail: 'x509: malformed certificate' };
    const node = { cert: leaf, inner };
    const ctx: Ctx = {
      at: opts.at,
      usage: opts.usage,
      sigChecks: 0,
      counted: 0,
      made: 0,
      roots: new Pool(opts.roots),
      intermediates: new Pool(opts.intermediates),
    };
    const work = (): ConstraintWork => ({ constraintComparisons: ctx.counted, comparisonsMade: ctx.made });
    const err = isValid(node, 'leaf', [], ctx);
    if (err) return { ok: false, reason: err.reason, detail: err.text, ...work() };
    if (ctx.roots.contains(leaf)) return { ok: true, chain: [leaf], ...work() };
    const r = buildChains(node, [node], ctx);
    if (r.chains.length > 0) return { ok: true, chain: r.chains[0]!.map((n) => n.cert), ...work() };
    const e = r.err ?? unknownAuthority(undefined, undefined);
    return { ok: false, reason: e.reason, detail: e.text, ...work() };
  } catch (e) {
    return { ok: false, reason: 'unknown-authority', detail: `nats-tls could not verify this chain: ${(e as Error).message}` };
  }
}

/**
 * Whether a Go TLS client (nats-server dialling a route, gateway or leaf node) sends its certificate to a
 * server that asks for one signed by the CAs in `acceptable` (the subjects of the server's ca_file, Go's
 * CertificateRequest.certificate_authorities). Go's Config.getClientCertificate sends the first chain
 * whose leaf or an intermediate was issued by one of those names, and otherwise no certificate at all:
 * the server then fails with "tls: client didn't provide a certificate", not with an x509 error.
 */
export function goClientSendsCertificate(chain: readonly CertInfo[], acceptable: readonly CertInfo[]): boolean {
  if (acceptable.length === 0) return true;
  const names = new Set(acceptable.map((c) => certInternals(c)?.rawSubject));
  return chain.some((c) => names.has(certInternals(c)?.rawIssuer));
}
