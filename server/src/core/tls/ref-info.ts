// What hovers and inlay hints say about a file a TLS block names: compact markdown for cert_file / ca_file
// (subject, SANs, issuer, expiry, EKU, fingerprints, whether it chains to the relevant ca_file, where the
// path resolved) and for key_file (type, size, whether it matches the certificate). Built only from the
// parsed public facts in the TLS model: never any key material, never a file read.
import * as path from 'node:path';
import { pairClients } from '../checks/peers';
import { describeKey, isoDay, keyText, nameOf, validityText } from '../x509/describe';
import type { CertInfo, KeyInfo, PemFile } from '../x509/model';
import { keyMatchesCert, verifyChain } from '../x509/verify';
import { MAX_HOVER_CHARS, excerpt } from '../conf/excerpt';
import { reportedAt, reportedFile } from '../conf/issue';
import { redact, redactionNote, secretsOf, type Secret } from '../conf/secrets';
import { isFailure, pemOf, refOf, type FileRef, type TlsModel } from './model';
import { describeWorkingDirectory, workingDirectory } from './working-dir';

/** The most of one path or name a hover shows. */
const MAX_SHOWN_CHARS = 1000;
/** The most SANs, certificates or paths a hover lists. */
const MAX_LISTED = 25;

/** The first MAX_LISTED items, and how many more there are. */
function listed(items: string[]): string {
  return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

/**
 * Markdown inline code that shows `s` exactly, whatever it holds: the fence is one backtick longer than the
 * longest run of backticks in it (CommonMark closes a code span only at a run of the same length), padded
 * with spaces where the text starts or ends with a backtick or a space, and line breaks and other control
 * characters are written as escapes (a blank line would end the paragraph, and the code span with it).
 */
export function code(s: string): string {
  const text = visibleControls(excerpt(s, MAX_SHOWN_CHARS));
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Escapes markdown in free text (subjects, SANs and Go's errors can hold anything): every character that can
 * start markup, URLs that a renderer would turn into links by themselves, and line breaks.
 */
export function md(s: string): string {
  return visibleControls(excerpt(s, MAX_SHOWN_CHARS))
    .replace(/[\\`*_[\]|<>~#!&]/g, '\\$&')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\b(www)\./gi, '$1\\.');
}

/** Control characters (line breaks included) as escapes, so user text stays on its line. */
function visibleControls(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** "expires 2027-03-01, in 93 days", "expired 2026-05-20, 12 days ago", "not valid until 2030-01-01, in 3 days". */
export function expiryPhrase(c: CertInfo, now: Date): string {
  const v = validityText(c, now);
  return v.status === 'expired' ? `expired ${isoDay(c.notAfter)}, ${v.timeLeft.replace(/^expired /, '')}` : v.timeLeft;
}

/**
 * Whom a certificate identifies here: a server (Go clients verify its names), only a client (nats-server
 * verifies its chain; names matter only to verify_and_map), or whatever a ca_file entry pins.
 */
type Role = 'server' | 'client' | 'pinned';

function roleOf(ref: FileRef): Role {
  if (ref.field !== 'cert_file') return 'pinned';
  return ref.block.location.presentsAsServer ? 'server' : 'client';
}

const NO_SAN: Record<Role, string> = {
  server: 'none, so Go clients reject this server certificate',
  client: 'none, which a client certificate does not need',
  pinned: 'none',
};

function sans(c: CertInfo, role: Role): string {
  if (!c.san) return NO_SAN[role];
  const parts = [
    ...c.san.dns.map((d) => `DNS ${d}`),
    ...c.san.ip.map((i) => `IP ${i}`),
    ...c.san.email.map((e) => `email ${e}`),
    ...c.san.uri.map((u) => `URI ${u}`),
  ];
  return parts.length ? listed(parts.map(md)) : 'empty';
}

function issuerText(c: CertInfo): string {
  return c.selfSigned ? 'self-signed' : `issued by ${md(c.issuerCN ?? c.issuer)}`;
}

function kind(c: CertInfo): string {
  return c.isCA ? 'CA' : 'leaf';
}

/** One line for a certificate in a bundle. */
export function certLine(c: CertInfo, now: Date): string {
  return `${c.index + 1}. **${md(nameOf(c))}** (${kind(c)}) — ${issuerText(c)} · ${expiryPhrase(c, now)}`;
}

function certDetails(c: CertInfo, now: Date, role: Role): string[] {
  return [
    `**${md(nameOf(c))}** — ${issuerText(c)}${c.isCA ? ' · CA' : ''}`,
    ...(c.isCA && !c.san ? [] : [`- SANs: ${sans(c, role)}`]),
    `- ${expiryPhrase(c, now)} · valid from ${isoDay(c.notBefore)}`,
    `- EKU: ${c.extKeyUsage ? c.extKeyUsage.map(md).join(', ') : 'any (no extension)'} · key: ${keyText(c.publicKey)}`,
    `- SHA-256 fingerprint: ${code(c.sha256Fingerprint)}`,
    `- public-key pin (pinned_certs): ${code(c.publicKey.spkiSha256)}`,
  ];
}

function where(ref: FileRef, model: TlsModel): string {
  const r = ref.resolution;
  if (!r.resolved) return '';
  if (r.base === '') return `${code(r.resolved)} (absolute path)`;
  const configDir = path.dirname(reportedFile(ref.entry.src));
  const base = code(r.base ?? '');
  const how =
    r.base === configDir
      ? `relative to ${base} (the config's folder)`
      : model.settings.base === 'auto'
        ? `relative to ${base} (an ancestor of the config's folder; natsTls.pathBase is "auto")`
        : `relative to ${base} (natsTls.pathBase)`;
  return `${code(r.resolved)} — ${how}`;
}

interface Verifier {
  label: string;
  ca: PemFile;
}

/** The CA bundles that decide whether this block's certificate is trusted, with a label each. */
function verifiersOf(model: TlsModel, ref: FileRef, peers: readonly TlsModel[]): Verifier[] {
  const out: Verifier[] = [];
  const own = pemOf(refOf(model, ref.block, 'ca_file'));
  if (own) out.push({ label: `this block's ca_file ${code(path.basename(own.path))}`, ca: own });
  const models = peers.includes(model) ? peers : [...peers, model];
  for (const pair of pairClients([...models])) {
    if (pair.block === ref.block) {
      const ca = pemOf(refOf(pair.server.model, pair.server.block, 'ca_file'));
      if (ca && ca !== own)
        out.push({ label: `the server's ca_file ${code(path.basename(ca.path))} (${md(path.basename(pair.server.model.doc.file))})`, ca });
    } else if (pair.server.block === ref.block) {
      const ca = pemOf(refOf(pair.client, pair.block, 'ca_file'));
      if (ca && ca !== own && !out.some((v) => v.ca === ca))
        out.push({ label: `the client's ca_file ${code(path.basename(ca.path))} (${md(path.basename(pair.client.doc.file))})`, ca });
    }
    if (out.length >= 4) break;
  }
  return out;
}

function chainLine(leaf: CertInfo, intermediates: CertInfo[], v: Verifier, now: Date): string {
  const r = verifyChain(leaf, { intermediates, roots: v.ca.certs, at: now });
  if (r.ok) return `✓ chains to ${v.label}`;
  if (r.reason === 'expired' || r.reason === 'not-yet-valid')
    return `✓ chains to ${v.label}, but a certificate in the chain is outside its validity`;
  return `✗ does not chain to ${v.label}: "${md(r.detail)}"`;
}

function header(ref: FileRef, model: TlsModel): string[] {
  const lines = [`**${ref.field}** · ${md(ref.block.location.path)}${ref.pair !== undefined ? ` · certs[${ref.pair}]` : ''}`];
  const w = where(ref, model);
  if (w) lines.push(w);
  const cwd = workingDirLine(ref, model);
  if (cwd) lines.push(cwd);
  return lines;
}

/**
 * For a relative path nats-server reads: the folder it must start in (the one "Check with nats-server" uses),
 * so the hover and the check cannot disagree about where the file is.
 */
function workingDirLine(ref: FileRef, model: TlsModel): string | undefined {
  if (!ref.block.location.server || ref.raw === '' || path.isAbsolute(ref.raw)) return undefined;
  const config = model.doc.file;
  const w = workingDirectory(config, model.settings, model);
  return `nats-server's working directory: ${code(w.dir)} — ${md(describeWorkingDirectory(w, config, model.settings))}; Check with nats-server runs it there`;
}

const isItem = (l: string): boolean => /^(- |\d+\. )/.test(l);

/** Lines to markdown: list items stay lists, other lines get hard breaks, '' separates paragraphs. */
export function renderLines(lines: string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const next = lines[i + 1];
    out += l;
    if (next === undefined) break;
    if (l === '' || next === '') out += '\n';
    else if (isItem(l) !== isItem(next)) out += '\n\n';
    else out += isItem(l) ? '\n' : '  \n';
  }
  return out.replace(/\n{3,}/g, '\n\n');
}

/**
 * Hover markdown for a cert_file / ca_file / key_file value. Values of environment variables (and of files
 * that are not configs) in it appear as their `$NAME`, and it is capped in size, cut between lines.
 */
export function refHover(ref: FileRef, model: TlsModel, peers: readonly TlsModel[] = []): string {
  const secrets = secretsOf(reportedAt(ref.at.src, ref.at.start, ref.at.end).src, ref.at.src, reportedAt(ref.entry.src, 0, 0).src);
  let text = refMarkdown(ref, model, peers);
  if (secrets.length) {
    const used = new Set<Secret>();
    text = redact(text, secrets, used);
    if (used.size) text += `\n\n${md(redactionNote(used))}`;
  }
  return capLines(text, MAX_HOVER_CHARS);
}

/** At most `max` characters, cut at a line break: every line closes its own code spans, so none is left open. */
function capLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max - 3);
  return `${text.slice(0, cut > 0 ? cut : 0)}\n\n…`;
}

function refMarkdown(ref: FileRef, model: TlsModel, peers: readonly TlsModel[]): string {
  const out = header(ref, model);
  const now = model.now;
  const file = ref.file;
  if (!ref.resolution.resolved) {
    out.push('', `Not found. Tried: ${listed(ref.resolution.tried.map(code)) || 'nothing (empty path)'}`);
    return renderLines(out);
  }
  if (!file) return renderLines(out);
  if (isFailure(file)) {
    out.push('', `Cannot be read: ${md(file.detail)}`);
    return renderLines(out);
  }
  const body: string[] = [];
  if (ref.field === 'key_file') body.push(...keyLines(file, ref, model));
  else if (file.certs.length === 0)
    body.push(
      file.keys.length
        ? 'This file holds a private key, not a certificate.'
        : file.der
          ? `DER (binary) ${file.der}, not PEM.`
          : 'No certificate in this file.',
    );
  else if (ref.field === 'cert_file') {
    const [leaf, ...rest] = file.certs;
    body.push(...certDetails(leaf!, now, roleOf(ref)));
    const chains = verifiersOf(model, ref, peers).map((v) => chainLine(leaf!, rest, v, now));
    if (chains.length) body.push('', ...chains);
    if (rest.length)
      body.push(
        '',
        `Also in this file (${rest.length === 1 ? 'an intermediate' : `${rest.length} intermediates`}):`,
        ...rest.slice(0, MAX_LISTED).map((c) => certLine(c, now)),
        ...(rest.length > MAX_LISTED ? [`and ${rest.length - MAX_LISTED} more`] : []),
      );
  } else {
    if (file.certs.length === 1) body.push(...certDetails(file.certs[0]!, now, roleOf(ref)));
    else
      body.push(
        `${file.certs.length} certificates:`,
        ...file.certs.slice(0, MAX_LISTED).map((c) => certLine(c, now)),
        ...(file.certs.length > MAX_LISTED ? [`and ${file.certs.length - MAX_LISTED} more`] : []),
      );
    const leafFile = pemOf(refOf(model, ref.block, 'cert_file'));
    if (leafFile?.certs.length) {
      const [leaf, ...rest] = leafFile.certs;
      const who = `this block's cert_file (${md(nameOf(leaf!))})`;
      const r = verifyChain(leaf!, { intermediates: rest, roots: file.certs, at: now });
      body.push(
        '',
        r.ok || r.reason === 'expired' || r.reason === 'not-yet-valid'
          ? `✓ ${who} chains to it`
          : `✗ ${who} does not chain to it: "${md(r.detail)}"`,
      );
    }
  }
  if (file.badCerts.length) body.push('', `${file.badCerts.length} PEM block${file.badCerts.length === 1 ? '' : 's'} nats-server skips.`);
  return renderLines([...out, '', ...body]);
}

function keyDescription(k: KeyInfo): string {
  const d = describeKey(k, []);
  if (k.encrypted) return `Encrypted private key (${d.format}): nats-server cannot load encrypted keys.`;
  if (!d.key) return `Private key (${d.format}) that cannot be read${k.error ? `: ${md(k.error)}` : ''}.`;
  return `${d.key} private key (${d.format})${d.loadable ? '' : ' — nats-server cannot use this key type'}`;
}

function keyLines(file: PemFile, ref: FileRef, model: TlsModel): string[] {
  const k = file.keys[0];
  if (!k) return [file.certs.length ? 'This file holds a certificate, not a private key.' : 'No private key in this file.'];
  const lines = [keyDescription(k)];
  if (file.keys.length > 1) lines.push(`(${file.keys.length} keys in the file; nats-server uses the first)`);
  const cert = pemOf(refOf(model, ref.block, 'cert_file', ref.pair));
  const leaf = cert?.certs[0];
  if (leaf && k.publicKey) {
    if (keyMatchesCert(k, leaf)) lines.push(`✓ matches the certificate in cert_file (${md(nameOf(leaf))})`);
    else {
      const other = cert!.certs.findIndex((c) => keyMatchesCert(k, c));
      lines.push(
        other > 0
          ? `✗ matches certificate ${other + 1} in cert_file, not the first one`
          : `✗ does not match the certificate in cert_file (${md(nameOf(leaf))})`,
      );
    }
  }
  return lines;
}

/** The short text shown after a certificate path: `server-main · expires 2027-03-01`. */
export function refInlayLabel(ref: FileRef, now: Date): string | undefined {
  if (ref.field === 'key_file') return undefined;
  const file = pemOf(ref);
  if (!file || file.certs.length === 0) return undefined;
  const dateOf = (c: CertInfo): string =>
    now > c.notAfter
      ? `expired ${isoDay(c.notAfter)}`
      : now < c.notBefore
        ? `valid from ${isoDay(c.notBefore)}`
        : `expires ${isoDay(c.notAfter)}`;
  if (ref.field === 'cert_file' || file.certs.length === 1) return `${nameOf(file.certs[0]!)} · ${dateOf(file.certs[0]!)}`;
  const first = [...file.certs].sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())[0]!;
  return `${file.certs.length} CAs · first ${dateOf(first)}`;
}
