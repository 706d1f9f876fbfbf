// What nats-server does when it loads cert_file, key_file and ca_file at start-up (Go's
// tls.LoadX509KeyPair and x509.CertPool.AppendCertsFromPEM): file-not-found, file-unreadable, not-pem,
// wrong-pem-type, pem-swapped, encrypted-key, key-mismatch, chain-order, key-permissions.
import * as path from 'node:path';
import { excerpt, excerptPath } from '../conf/excerpt';
import { quoteLast, rejects, type SourceIssue } from '../conf/issue';
import { issueAt } from '../tls/issue-at';
import { isFailure, pemOf, type FileRef, type TlsModel } from '../tls/model';
import { nameOf } from '../x509/describe';
import { keyMatchesCert } from '../x509/verify';
import type { PemFile } from '../x509/model';
import type { EngineFs } from '../types';

/** Folders above a file that are looked at for `.git` (bounded: a path has few levels). */
const MAX_GIT_LEVELS = 32;

/** The work tree a file is in: the nearest folder above it with a `.git` folder (or file, for worktrees). */
export function gitWorkTree(fs: EngineFs, file: string): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < MAX_GIT_LEVELS; i++) {
    if (fs.stat(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** nats-server's prefix for errors from loading a pair, numbered for `certs` entries. */
function pairPrefix(ref: FileRef, count: number): string {
  return ref.pair === undefined
    ? 'error parsing X509 certificate/key pair'
    : `error parsing X509 certificate/key pair ${ref.pair + 1}/${count}`;
}

function serverOrClient(ref: FileRef): string {
  return ref.block.location.server ? 'nats-server' : 'the client';
}

function say(ref: FileRef, reason: string, fix: string): string {
  return ref.block.location.server ? rejects(reason, fix) : quoteLast('The client cannot load this file.', fix, `It says: "${reason}"`);
}

export function checkTlsFiles(model: TlsModel, platform: string, fs?: EngineFs): SourceIssue[] {
  const out: SourceIssue[] = [];
  const pairs = new Map<string, { cert?: FileRef; key?: FileRef }>();
  const pairCount = new Map<object, number>();
  for (const ref of model.refs) {
    if (ref.pair !== undefined) pairCount.set(ref.block, Math.max(pairCount.get(ref.block) ?? 0, ref.pair + 1));
  }
  for (const ref of model.refs) {
    if (ref.raw === '') continue;
    const count = pairCount.get(ref.block) ?? 1;
    const prefix = ref.field === 'ca_file' ? '' : `${pairPrefix(ref, count)}: `;
    if (!ref.resolution.resolved) {
      out.push(issueAt(ref.at, 'file-not-found', 'error', notFoundMessage(ref, prefix), { tried: ref.resolution.tried }));
      continue;
    }
    const file = ref.file;
    if (isFailure(file)) {
      const detail =
        file.reason === 'too-large'
          ? `${file.detail}; nats-tls does not read files over 1 MiB, and a certificate file is never that big`
          : file.detail;
      out.push(
        issueAt(ref.at, 'file-unreadable', 'error', say(ref, `${prefix}${detail}`, 'Point it at a readable PEM file.'), {
          path: file.path,
          reason: file.reason,
        }),
      );
      continue;
    }
    if (!file) continue;
    if (ref.field !== 'ca_file') {
      const k = `${ref.block.anchor.src.file}:${ref.block.anchor.start}:${ref.pair ?? -1}`;
      const pair = pairs.get(k) ?? {};
      if (ref.field === 'cert_file') pair.cert = ref;
      else pair.key = ref;
      pairs.set(k, pair);
    }
    if (ref.field === 'ca_file') {
      if (file.certs.length === 0) {
        const why = file.der
          ? ` The file is DER (binary), not PEM; convert it: openssl x509 -inform der -in ${excerptPath(path.basename(ref.raw))} -out ca.pem.`
          : file.keys.length
            ? ' It holds a private key, not CA certificates.'
            : ' Put the CA certificates in PEM form (-----BEGIN CERTIFICATE-----) in this file.';
        out.push(issueAt(ref.at, 'not-pem', 'error', say(ref, 'failed to parse root ca certificate', why.trim()), { der: !!file.der }));
      }
    }
    if (ref.field === 'key_file' && platform !== 'win32' && file.keys.length && file.mode !== undefined && (file.mode & 0o044) !== 0) {
      const mode = (file.mode & 0o777).toString(8).padStart(3, '0');
      const who = file.mode & 0o004 ? 'every user' : "the file's group";
      const name = excerptPath(path.basename(ref.raw));
      // git stores only 644 or 755, so a key in a checkout is 644 after every clone: a warning there can never
      // be fixed in the repository. The mode that matters is the deployed one: a hint that says so.
      const repo = fs && ref.resolution.resolved ? gitWorkTree(fs, ref.resolution.resolved) : undefined;
      out.push(
        repo
          ? issueAt(
              ref.at,
              'key-permissions',
              'hint',
              `This private key is readable by ${who} (mode ${mode}), as every file git checks out is: git cannot store 0600. Where nats-server runs, restrict it after checkout (chmod 600 ${name}), or keep the key out of the repository.`,
              { mode: file.mode, gitWorkTree: true },
            )
          : issueAt(
              ref.at,
              'key-permissions',
              'warning',
              `This private key is readable by ${who} (mode ${mode}). Restrict it: chmod 600 ${name}.`,
              { mode: file.mode },
            ),
      );
    }
  }
  for (const { cert, key } of pairs.values()) out.push(...checkPair(cert, key, pairCount.get((cert ?? key)!.block) ?? 1));
  return withTlsLine(out, model);
}

/** Codes of errors nats-server reports while it loads the block's files: it names the `tls {` line for them. */
const LOAD_CODES = new Set([
  'file-not-found',
  'file-unreadable',
  'not-pem',
  'wrong-pem-type',
  'pem-swapped',
  'encrypted-key',
  'key-mismatch',
]);

/**
 * nats-server reports a file it cannot load at the block's key (`nats.conf:2:1` for `tls {`), not at the path:
 * the finding keeps its precise range, and related information points at the line nats-server names.
 */
function withTlsLine(issues: SourceIssue[], model: TlsModel): SourceIssue[] {
  for (const issue of issues) {
    if (!LOAD_CODES.has(issue.code) || issue.severity !== 'error') continue;
    const ref = model.refs.find((r) => r.at.src === issue.src && r.at.start <= issue.start && issue.end <= r.at.end);
    const block = ref?.block;
    if (!block || !block.location.server) continue;
    const a = block.anchor;
    if (a.src !== issue.src || a.src.lines.position(a.start).line === issue.src.lines.position(issue.start).line) continue;
    (issue.related ??= []).push({
      src: a.src,
      start: a.start,
      end: a.end,
      message: `nats-server names this line (${excerpt(block.location.path)}) for this error`,
    });
  }
  return issues;
}

function notFoundMessage(ref: FileRef, prefix: string): string {
  const tried = ref.resolution.tried;
  const expand = /^~|\$/.test(ref.raw) ? ` ${serverOrClient(ref)} does not expand "~" or "$VAR" inside a path.` : '';
  const cwd = path.isAbsolute(ref.raw)
    ? ''
    : ` ${serverOrClient(ref) === 'nats-server' ? "nats-server opens relative paths from its working directory, not from the config's folder" : 'the client opens relative paths from its working directory'}; nats-tls tried ${tried.map(excerptPath).join(', ')}.`;
  return say(ref, `${prefix}open ${excerptPath(ref.raw)}: no such file or directory`, `${cwd}${expand}`.trim() || 'Check the path.');
}

function checkPair(cert: FileRef | undefined, key: FileRef | undefined, count: number): SourceIssue[] {
  const out: SourceIssue[] = [];
  const cf = pemOf(cert);
  const kf = pemOf(key);
  const prefix = pairPrefix((cert ?? key)!, count);
  // Exactly swapped: the certificate file holds the key and the key file holds its certificate.
  const swapped = !!(
    cf &&
    kf &&
    cf.certs.length === 0 &&
    cf.keys.length > 0 &&
    kf.keys.length === 0 &&
    kf.certs.length > 0 &&
    cf.keys[0]!.publicKey &&
    keyMatchesCert(cf.keys[0]!, kf.certs[0]!)
  );
  if (cert && cf && swapped) {
    out.push(
      issueAt(
        cert.at,
        'pem-swapped',
        'error',
        say(
          cert,
          `${prefix}: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched`,
          'cert_file and key_file are swapped: exchange their values.',
        ),
        {
          certPath: cert.raw,
          keyPath: key!.raw,
        },
      ),
    );
    return out;
  }
  if (cert && cf && cf.certs.length === 0) {
    if (cf.keys.length > 0) {
      out.push(
        issueAt(
          cert.at,
          'wrong-pem-type',
          'error',
          say(
            cert,
            `${prefix}: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched`,
            'This file holds a private key; cert_file needs the certificate.',
          ),
          { field: 'cert_file' },
        ),
      );
    } else {
      out.push(
        issueAt(
          cert.at,
          'not-pem',
          'error',
          say(cert, `${prefix}: tls: failed to find any PEM data in certificate input`, derHint(cf, 'x509', 'cert.pem')),
          { der: !!cf.der },
        ),
      );
    }
  }
  if (!key || !kf) return out;
  if (kf.keys.length === 0) {
    if (kf.certs.length > 0) {
      out.push(
        issueAt(
          key.at,
          'wrong-pem-type',
          'error',
          say(
            key,
            `${prefix}: tls: found a certificate rather than a key in the PEM for the private key`,
            'This file holds a certificate; key_file needs the private key.',
          ),
          { field: 'key_file' },
        ),
      );
    } else {
      out.push(
        issueAt(
          key.at,
          'not-pem',
          'error',
          say(key, `${prefix}: tls: failed to find any PEM data in key input`, derHint(kf, 'pkey', 'key.pem')),
          { der: !!kf.der },
        ),
      );
    }
    return out;
  }
  const k = kf.keys[0]!;
  if (k.encrypted) {
    out.push(
      issueAt(
        key.at,
        'encrypted-key',
        'error',
        say(
          key,
          `${prefix}: tls: failed to parse private key`,
          `The key is encrypted and nats-server cannot read encrypted keys: decrypt it (openssl pkey -in ${excerptPath(path.basename(key.raw))} -out ${excerptPath(path.basename(key.raw, path.extname(key.raw)))}-plain.pem) and keep it readable only by nats-server.`,
        ),
      ),
    );
    return out;
  }
  if (!k.publicKey) {
    out.push(
      issueAt(
        key.at,
        'not-pem',
        'error',
        say(key, `${prefix}: tls: failed to parse private key`, `The key block could not be read${k.error ? ` (${k.error})` : ''}.`),
      ),
    );
    return out;
  }
  if (!cf || cf.certs.length === 0) return out;
  if (keyMatchesCert(k, cf.certs[0]!)) return out;
  const match = cf.certs.findIndex((c) => keyMatchesCert(k, c));
  if (match > 0 && cert) {
    out.push(
      issueAt(
        cert.at,
        'chain-order',
        'error',
        say(
          cert,
          `${prefix}: tls: private key does not match public key`,
          `The key belongs to certificate ${match + 1} in this file (${nameOf(cf.certs[match]!)}); put that certificate first, followed by its intermediates.`,
        ),
        {
          leafIndex: match,
        },
      ),
    );
    return out;
  }
  const leaf = cf.certs[0]!;
  out.push(
    issueAt(
      key.at,
      'key-mismatch',
      'error',
      say(
        key,
        `${prefix}: tls: private key does not match public key`,
        `This key does not belong to ${nameOf(leaf)} in ${excerptPath(path.basename(cert?.raw ?? ''))}; use the key that was generated with that certificate.`,
      ),
    ),
  );
  return out;
}

function derHint(file: PemFile, tool: 'x509' | 'pkey', out: string): string {
  if (file.der)
    return `The file is DER (binary), not PEM; convert it: openssl ${tool} -inform der -in ${excerptPath(path.basename(file.path))} -out ${out}.`;
  return 'The file has no -----BEGIN …----- block; it must be PEM.';
}
