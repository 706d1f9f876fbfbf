// Certificate files near a config: the key that belongs to a cert_file, the CA certificates a block could
// verify against, and the CA (certificate + key) that issued a certificate, for quick fixes that fill in
// a missing key_file / ca_file or renew a certificate. Reads through EngineHost (bounded, cached); it
// looks only at public facts of keys (the public-key hash), never at key material.
import * as path from 'node:path';
import { nameOf } from '../x509/describe';
import type { CertInfo, PemFile } from '../x509/model';
import { keyMatchesCert, verifyChain } from '../x509/verify';
import type { TlsBlock } from './blocks';
import { isFailure, pemOf, refOf, type EngineHost, type FileRef, type TlsModel } from './model';
import { candidateBases } from './paths';

const PEM_NAME = /\.(pem|crt|cer|key)$/i;
const MAX_FILES_PER_DIR = 200;
const MAX_SUBDIRS = 24;
/** Sub-folders where projects keep their certificates. */
const CERT_DIRS = /^(certs?|tls|ssl|pki|ca|secrets?|keys?|config|conf|nats)$/i;

export interface Candidate {
  /** Absolute path. */
  file: string;
  /** The path to write into the config (relative like its neighbours, forward slashes). */
  written: string;
  /** Why it was picked, for the code action's title. */
  why: string;
  score: number;
}

export interface IssuerFiles {
  caCert: string;
  caKey: string;
  /** Subject of the CA certificate. */
  caName: string;
}

function pemFiles(dir: string, host: EngineHost): string[] {
  const names = host.fs.readDir?.(dir) ?? [];
  const out: string[] = [];
  for (const n of names) {
    if (out.length >= MAX_FILES_PER_DIR) break;
    if (n.startsWith('.') || !PEM_NAME.test(n)) continue;
    const p = path.join(dir, n);
    if (host.fs.stat(p)?.type === 'file') out.push(p);
  }
  return out.sort();
}

function loadOk(file: string, host: EngineHost): PemFile | undefined {
  const f = host.loadPem(file);
  return isFailure(f) ? undefined : f;
}

/** The config folder, the folder of each file the block names, the path bases, and certificate-like sub-folders. */
export function searchDirs(model: TlsModel, block: TlsBlock | undefined, host: EngineHost): string[] {
  const dirs: string[] = [];
  const add = (d: string | undefined): void => {
    if (d && !dirs.includes(d) && host.fs.stat(d)?.type === 'directory') dirs.push(d);
  };
  for (const r of model.refs) if (!block || r.block === block) add(r.resolution.resolved && path.dirname(r.resolution.resolved));
  const file = model.doc.file;
  if (!path.isAbsolute(file)) return dirs;
  for (const base of candidateBases(file, model.settings.base, model.settings.roots)) {
    add(base);
    let subdirs = 0;
    for (const n of host.fs.readDir?.(base) ?? []) {
      if (subdirs >= MAX_SUBDIRS) break;
      if (!CERT_DIRS.test(n)) continue;
      subdirs++;
      add(path.join(base, n));
    }
  }
  return dirs;
}

/** `target` written the way `like` is written: same base, same "./" habit, or absolute if it is absolute. */
export function writtenPath(target: string, like: FileRef | undefined, model: TlsModel): string {
  const slash = (p: string): string => p.split(path.sep).join('/');
  if (like && path.isAbsolute(like.raw)) return target;
  const base =
    like?.resolution.base || candidateBases(model.doc.file, model.settings.base, model.settings.roots)[0] || path.dirname(model.doc.file);
  let rel = slash(path.relative(base, target));
  if (rel.startsWith('../') || path.isAbsolute(rel)) return rel;
  if (like?.raw.startsWith('./')) rel = `./${rel}`;
  return rel;
}

function leafOf(ref: FileRef | undefined): CertInfo | undefined {
  return pemOf(ref)?.certs[0];
}

/** Key files for the block's cert_file: keys that match its certificate, or by name when it cannot be read. */
export function keyCandidates(model: TlsModel, block: TlsBlock, host: EngineHost): Candidate[] {
  const cert = refOf(model, block, 'cert_file');
  const leaf = leafOf(cert);
  const certPath = cert?.resolution.resolved;
  const stem = certPath
    ? path
        .basename(certPath)
        .replace(/\.(pem|crt|cer)$/i, '')
        .replace(/[-_.]?cert$/i, '')
    : undefined;
  const dirs = certPath ? [path.dirname(certPath), ...searchDirs(model, block, host)] : searchDirs(model, block, host);
  const out: Candidate[] = [];
  for (const dir of [...new Set(dirs)]) {
    for (const file of pemFiles(dir, host)) {
      if (file === certPath || out.some((c) => c.file === file)) continue;
      const pem = loadOk(file, host);
      const key = pem?.keys[0];
      if (!pem || !key || pem.certs.length > 0) continue;
      const name = path.basename(file);
      const named = !!stem && (name.startsWith(`${stem}-key`) || name.startsWith(`${stem}.key`) || name.startsWith(`${stem}_key`));
      if (leaf) {
        if (!keyMatchesCert(key, leaf)) continue;
        out.push({
          file,
          written: writtenPath(file, cert, model),
          why: `matches ${leaf.subjectCN ?? 'the certificate'}`,
          score: 10 + (named ? 2 : 0) + (path.dirname(file) === path.dirname(certPath!) ? 1 : 0),
        });
      } else if (named || /(^|[-_.])key\.pem$|\.key$/i.test(name)) {
        out.push({ file, written: writtenPath(file, cert, model), why: 'a private key nearby', score: named ? 3 : 1 });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score || a.file.localeCompare(b.file));
}

function isCaCert(c: CertInfo): boolean {
  return c.isCA === true || (c.isCA === undefined && c.selfSigned);
}

/** Whether `ca` signed `leaf` (dates aside: an expired leaf still names its issuer). */
export function issued(ca: CertInfo, leaf: CertInfo): boolean {
  const at = new Date(Math.max(leaf.notBefore.getTime(), ca.notBefore.getTime()) + 1000);
  const r = verifyChain(leaf, { intermediates: [], roots: [ca], at });
  return r.ok || r.reason === 'expired' || r.reason === 'not-yet-valid' || r.reason === 'incompatible-usage';
}

/** CA bundles nearby for the block's ca_file; ones that issued its certificate first. */
export function caCandidates(model: TlsModel, block: TlsBlock, host: EngineHost): Candidate[] {
  const cert = refOf(model, block, 'cert_file');
  const leaf = leafOf(cert);
  const taken = new Set(model.refs.filter((r) => r.block === block && r.field !== 'ca_file').map((r) => r.resolution.resolved));
  const out: Candidate[] = [];
  for (const dir of searchDirs(model, block, host)) {
    for (const file of pemFiles(dir, host)) {
      if (taken.has(file) || out.some((c) => c.file === file)) continue;
      const pem = loadOk(file, host);
      if (!pem || pem.keys.length > 0 || pem.certs.length === 0 || !pem.certs.every(isCaCert)) continue;
      const signs = !!leaf && pem.certs.some((c) => issued(c, leaf));
      const name = nameOf(pem.certs[0]!);
      out.push({
        file,
        written: writtenPath(file, cert, model),
        why: signs ? `issued ${leaf!.subjectCN ?? 'the certificate'}` : `CA ${name}`,
        score: (signs ? 10 : 0) + (/ca/i.test(path.basename(file)) ? 1 : 0),
      });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.file.localeCompare(b.file));
}

/** The CA certificate and key in the workspace that issued `leaf`: what a renewal signs with. */
export function issuerOf(model: TlsModel, block: TlsBlock, leaf: CertInfo, host: EngineHost): IssuerFiles | undefined {
  const dirs = searchDirs(model, block, host);
  const caRef = refOf(model, block, 'ca_file');
  const files = [...(caRef?.resolution.resolved ? [caRef.resolution.resolved] : []), ...dirs.flatMap((d) => pemFiles(d, host))];
  for (const file of [...new Set(files)]) {
    const pem = loadOk(file, host);
    const ca = pem?.certs.find((c) => isCaCert(c) && c !== leaf && issued(c, leaf));
    if (!ca) continue;
    // Its key: next to it first, then anywhere we looked.
    const keyDirs = [path.dirname(file), ...dirs.filter((d) => d !== path.dirname(file))];
    for (const dir of keyDirs) {
      for (const k of pemFiles(dir, host)) {
        const kp = loadOk(k, host);
        const key = kp?.keys[0];
        if (kp && key && kp.certs.length === 0 && keyMatchesCert(key, ca)) return { caCert: file, caKey: k, caName: nameOf(ca) };
      }
    }
  }
  return undefined;
}
