// Name constraints as Go's crypto/x509 enforces them when a CA with constraints signs a chain:
// excluded subtrees first, then "permitted by at least one"; DNS constraints with a leading dot need a
// subdomain. Returns Go's error text, or undefined when every name passes.
import type { CertInternals, Constraints, IpConstraint, SanEntry } from './cert';

/** Go's %q for the ASCII-ish strings that appear in certificates. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

function reverseLabels(domain: string): string[] | undefined {
  if (domain === '') return [];
  const labels = domain.split('.').reverse();
  for (const l of labels) {
    if (l === '') return undefined;
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (c < 33 || c > 126) return undefined;
    }
  }
  return labels;
}

class ConstraintError extends Error {}

/** A constraint's labels, reversed and lower-cased, parsed once per constraint string (a CA can have thousands). */
const parsedConstraints = new Map<string, { sub: boolean; labels: string[] } | null>();
const MAX_PARSED_CONSTRAINTS = 100_000;

function constraintLabels(constraint: string): { sub: boolean; labels: string[] } | null {
  let c = parsedConstraints.get(constraint);
  if (c === undefined) {
    const sub = constraint.startsWith('.');
    const labels = reverseLabels(sub ? constraint.slice(1) : constraint);
    c = labels ? { sub, labels: labels.map((l) => l.toLowerCase()) } : null;
    if (parsedConstraints.size >= MAX_PARSED_CONSTRAINTS) parsedConstraints.clear();
    parsedConstraints.set(constraint, c);
  }
  return c;
}

function matchDomain(domain: string, constraint: string, parsedDomain?: string[]): boolean {
  if (constraint === '') return true;
  const d = parsedDomain ?? reverseLabels(domain)?.map((l) => l.toLowerCase());
  if (!d) throw new ConstraintError(`x509: internal error: cannot parse domain ${goQuote(domain)}`);
  const c = constraintLabels(constraint);
  if (!c) throw new ConstraintError(`x509: internal error: cannot parse domain ${goQuote(constraint)}`);
  if (d.length < c.labels.length || (c.sub && d.length === c.labels.length)) return false;
  return c.labels.every((label, i) => label === d[i]);
}

/** Simplified RFC 2821 mailbox: local part before the last '@', a parsable domain after it. */
function mailbox(s: string): { local: string; domain: string } | undefined {
  const at = s.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = s.slice(0, at).replace(/^"(.*)"$/, '$1');
  const domain = s.slice(at + 1);
  if (!reverseLabels(domain) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  return { local, domain };
}

function matchEmail(box: { local: string; domain: string }, constraint: string): boolean {
  if (constraint.includes('@')) {
    const c = mailbox(constraint);
    if (!c) throw new ConstraintError(`x509: internal error: cannot parse constraint ${goQuote(constraint)}`);
    return box.local === c.local && box.domain.toLowerCase() === c.domain.toLowerCase();
  }
  return matchDomain(box.domain, constraint);
}

function matchUri(uri: string, constraint: string): boolean {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(uri);
  let host = m ? m[1]!.replace(/^[^@]*@/, '') : '';
  if (host === '') throw new ConstraintError(`URI with empty host (${goQuote(uri)}) cannot be matched against constraints`);
  if (host.includes(':') && !host.endsWith(']')) host = host.slice(0, host.lastIndexOf(':'));
  if ((host.startsWith('[') && host.endsWith(']')) || /^[\d.]+$/.test(host))
    throw new ConstraintError(`URI with IP (${goQuote(uri)}) cannot be matched against constraints`);
  return matchDomain(host, constraint);
}

function matchIp(ip: Uint8Array, c: IpConstraint): boolean {
  if (ip.length !== c.ip.length) return false;
  for (let i = 0; i < ip.length; i++) if ((ip[i]! & c.mask[i]!) !== (c.ip[i]! & c.mask[i]!)) return false;
  return true;
}

const NOT_AUTHORIZED = 'x509: a root or intermediate certificate is not authorized to sign for this name: ';

/**
 * Go stops checking a candidate CA's name constraints after this many comparisons (VerifyOptions'
 * MaxConstraintComparisions default), so that a certificate cannot make verification take forever.
 */
export const MAX_CONSTRAINT_COMPARISONS = 250_000;
/**
 * Go's error when it gives up: its CertificateInvalidError has no text for the reason TooManyConstraints, so
 * it prints its fallback (nats-server 2.9.10 and 2.10.27 log "tls: failed to verify certificate: x509: unknown
 * error"). Go rewrote name-constraint checking in 2025 (log-linear, no limit): nats-server 2.15.1 accepts such
 * a chain when its names are permitted.
 */
export const TOO_MANY_CONSTRAINTS = 'x509: unknown error';

/** Comparisons for one candidate CA, across all the names it checks (Go's comparisonCount). */
export interface ConstraintBudget {
  /** As Go counts them: each list's length is added before its constraints are compared. */
  counted: number;
  /** Comparisons actually made (at most MAX_CONSTRAINT_COMPARISONS). */
  made: number;
}

class TooManyConstraints extends Error {}

function check<T>(
  kind: string,
  name: string,
  permitted: T[],
  excluded: T[],
  match: (c: T) => boolean,
  show: (c: T) => string,
  budget: ConstraintBudget,
): string | undefined {
  try {
    // Go adds the list's length, then compares: it gives up before comparing when the sum is over the limit.
    budget.counted += excluded.length;
    if (budget.counted > MAX_CONSTRAINT_COMPARISONS) throw new TooManyConstraints();
    for (const c of excluded) {
      budget.made++;
      if (match(c)) return `${NOT_AUTHORIZED}${kind} ${goQuote(name)} is excluded by constraint ${goQuote(show(c))}`;
    }
    budget.counted += permitted.length;
    if (budget.counted > MAX_CONSTRAINT_COMPARISONS) throw new TooManyConstraints();
    if (permitted.length === 0) return undefined;
    for (const c of permitted) {
      budget.made++;
      if (match(c)) return undefined;
    }
    return `${NOT_AUTHORIZED}${kind} ${goQuote(name)} is not permitted by any constraint`;
  } catch (e) {
    if (e instanceof ConstraintError) return NOT_AUTHORIZED + e.message;
    throw e;
  }
}

export function hasNameConstraints(ca: CertInternals): boolean {
  const any = (c: Constraints | undefined): boolean =>
    !!c && (c.dns.length > 0 || c.email.length > 0 || c.uri.length > 0 || c.ip.length > 0);
  return any(ca.permitted) || any(ca.excluded);
}

export type ConstraintFailure = { reason: 'name-constraints' | 'too-many-constraints'; text: string };

/**
 * The first SAN of `sans` that the constrained CA `ca` may not sign for, as Go words it, counting comparisons
 * in `budget` (shared by the names of the leaf and of the CA itself, as in Go's isValid).
 */
export function nameConstraintError(ca: CertInternals, sans: SanEntry[], budget: ConstraintBudget): ConstraintFailure | undefined {
  const p = ca.permitted ?? { dns: [], email: [], uri: [], ip: [] };
  const x = ca.excluded ?? { dns: [], email: [], uri: [], ip: [] };
  const id = (s: string): string => s;
  try {
    for (const san of sans) {
      let err: string | undefined;
      switch (san.type) {
        case 'email': {
          const box = mailbox(san.value);
          if (!box) return fail('x509: cannot parse rfc822Name {"" ""}');
          err = check('email address', san.value, p.email, x.email, (c) => matchEmail(box, c), id, budget);
          break;
        }
        case 'dns': {
          const labels = reverseLabels(san.value)?.map((l) => l.toLowerCase());
          if (!labels) return fail(`x509: cannot parse dnsName ${goQuote(san.value)}`);
          err = check('DNS name', san.value, p.dns, x.dns, (c) => matchDomain(san.value, c, labels), id, budget);
          break;
        }
        case 'uri':
          err = check('URI', san.value, p.uri, x.uri, (c) => matchUri(san.value, c), id, budget);
          break;
        case 'ip':
          err = check(
            'IP address',
            san.value,
            p.ip,
            x.ip,
            (c) => matchIp(san.ip, c),
            (c) => c.text,
            budget,
          );
          break;
      }
      if (err) return fail(err);
    }
  } catch (e) {
    if (e instanceof TooManyConstraints) return { reason: 'too-many-constraints', text: TOO_MANY_CONSTRAINTS };
    throw e;
  }
  return undefined;
}

function fail(text: string): ConstraintFailure {
  return { reason: 'name-constraints', text };
}
