// The TLS model of one document: its blocks and every file they name, resolved and loaded.
// Built once per document version and shared by all TLS checks, hovers, links and inlay hints.
import type { Entry } from '../conf/ast';
import { reportedFile } from '../conf/issue';
import { deref } from '../conf/resolve';
import type { ConfigDoc } from '../document';
import type { FileFailure, PemFile } from '../x509/model';
import type { Clock, EngineFs, FileStat } from '../types';
import { isFileFailure } from '../x509/load';
import { blockStamp, fileStamp, modelKeyPrefix, StatMemo, type BlockCache, type BlockStamp } from './block-cache';
import { effectiveEntries, findTlsBlocks, lastOf, valueOf, type Anchor, type MisshapedTls, type TlsBlock } from './blocks';
import { candidateBases, resolveFrom, type BaseSetting, type PathResolution } from './paths';
import { parseVersion, type Version } from './versions';

export interface EngineSettings {
  /** How relative certificate paths resolve: 'auto' (config folder, then ancestors up to a root), 'config', or a folder. */
  base: BaseSetting;
  /** Target nats-server version: 'latest' or x.y.z. */
  serverVersion: string;
  /** Warn this many days before a certificate expires (or with a third of its lifetime left, at most 90 days, whichever is first). */
  expiryWarningDays: number;
  /** The checked roots (CLI paths, workspace folders): 'auto' climbs no higher. */
  roots: string[];
}

export const DEFAULT_SETTINGS: EngineSettings = { base: 'auto', serverVersion: 'latest', expiryWarningDays: 30, roots: [] };

/** Loads a certificate/key/CA file; the x509 layer supplies it (with its cache). `stat` is one just taken of `path`. */
export type PemLoader = (path: string, stat?: FileStat) => PemFile | FileFailure;

export interface EngineHost {
  fs: EngineFs;
  clock: Clock;
  loadPem: PemLoader;
  /** 'win32' makes cert_store valid and skips POSIX permission checks. */
  platform: string;
  /** Drop what is cached for a file that changed on disk (size and mtime can miss a same-tick rewrite). */
  forget?(path: string): void;
}

export type FileField = 'cert_file' | 'key_file' | 'ca_file';

export interface FileRef {
  block: TlsBlock;
  field: FileField;
  entry: Entry;
  /** The path as written, at its use site (the string, or the `$VAR` reference). */
  at: Anchor;
  raw: string;
  resolution: PathResolution;
  /** Loaded content, when the path resolved. */
  file: PemFile | FileFailure | undefined;
  /** For `certs: [ {cert_file, key_file} ]`: which pair (0-based). */
  pair: number | undefined;
}

export interface TlsModel {
  doc: ConfigDoc;
  blocks: TlsBlock[];
  /** `tls` keys whose value is not a map: nats-server fails on them ("interface conversion"). */
  misshaped: MisshapedTls[];
  refs: FileRef[];
  settings: EngineSettings;
  version: Version;
  now: Date;
  /** The top-level `ocsp` turns stapling on: nats-server then reads each block's ca_file to find the issuer. */
  ocspStapling: boolean;
  /** With a BlockCache: each cacheable block's key (analyze.ts reuses its findings under it). */
  stamps?: Map<TlsBlock, BlockStamp>;
}

export { isFileFailure as isFailure } from '../x509/load';

/** The loaded file of a reference, when it loaded. */
export function pemOf(ref: FileRef | undefined): PemFile | undefined {
  return ref?.file && !isFileFailure(ref.file) ? ref.file : undefined;
}

/** The block's reference for a field (of one `certs` pair, or outside `certs` when pair is undefined). */
export function refOf(model: TlsModel, block: TlsBlock, field: FileField, pair?: number): FileRef | undefined {
  return model.refs.find((r) => r.block === block && r.field === field && r.pair === pair);
}

/** Resolves a model's paths: the candidate folders of each config file are worked out once. */
interface Resolver {
  settings: EngineSettings;
  fs: EngineFs;
  bases: Map<string, string[]>;
  /** Resolutions by config file, then path as written: 10,000 blocks naming the same files resolve each once. */
  resolved: Map<string, Map<string, PathResolution>>;
}

function refFor(block: TlsBlock, field: FileField, entry: Entry, r: Resolver, pair?: number): FileRef | undefined {
  const use = entry.value;
  const v = deref(use);
  if (!use || v?.kind !== 'string') return undefined;
  const at: Anchor =
    use.kind === 'string' ? { src: use.src, start: use.innerStart, end: use.innerEnd } : { src: use.src, start: use.start, end: use.end };
  // A path in an environment variable's value resolves like one written where the `$NAME` is.
  const configFile = reportedFile(entry.src);
  let known = r.resolved.get(configFile);
  if (!known) r.resolved.set(configFile, (known = new Map()));
  let resolution = known.get(v.value);
  if (!resolution) {
    let bases = r.bases.get(configFile);
    if (!bases) r.bases.set(configFile, (bases = candidateBases(configFile, r.settings.base, r.settings.roots)));
    known.set(v.value, (resolution = resolveFrom(v.value, bases, r.fs)));
  }
  return { block, field, entry, at, raw: v.value, resolution, file: undefined, pair };
}

/** The block's file references, resolved but not loaded, in a fixed order (cert, key, CA, then `certs` pairs). */
function blockRefs(block: TlsBlock, r: Resolver): FileRef[] {
  const refs: FileRef[] = [];
  for (const field of ['cert_file', 'key_file', 'ca_file'] as const) {
    const entry = block.fields.get(field);
    const ref = entry && refFor(block, field, entry, r);
    if (ref) refs.push(ref);
  }
  const certs = valueOf(block.fields.get('certs') ?? block.fields.get('certificates'));
  if (certs?.kind === 'array') {
    certs.items.forEach((item, i) => {
      const m = deref(item);
      if (m?.kind !== 'map') return;
      for (const e of m.entries) {
        if (e.kind !== 'entry' || (e.key !== 'cert_file' && e.key !== 'key_file')) continue;
        const ref = refFor(block, e.key, e, r, i);
        if (ref) refs.push(ref);
      }
    });
  }
  return refs;
}

/**
 * Builds the model. With a BlockCache, a block whose key is unchanged takes the files it loaded last time
 * (no read, no parse), and its key is recorded for analyze.ts to reuse its findings.
 */
export function buildTlsModel(doc: ConfigDoc, settings: EngineSettings, host: EngineHost, cache?: BlockCache): TlsModel {
  const misshaped: MisshapedTls[] = [];
  const blocks = findTlsBlocks(doc, misshaped);
  cache?.reserve(blocks.length);
  // Resolution and loading look at the same files: one stat each per build.
  const memo = new StatMemo(host.fs);
  const resolver: Resolver = { settings, fs: memo.fs, bases: new Map(), resolved: new Map() };
  const refs: FileRef[] = [];
  const stamps = cache ? new Map<TlsBlock, BlockStamp>() : undefined;
  const stapling = ocspStapling(doc);
  const prefix = cache
    ? modelKeyPrefix([
        host.platform,
        stapling ? 1 : 0,
        settings.serverVersion,
        settings.expiryWarningDays,
        doc.format,
        doc.role,
        settings.base,
        ...settings.roots,
      ])
    : '';
  for (const block of blocks) {
    const own = blockRefs(block, resolver);
    const stamp =
      cache &&
      blockStamp(
        block,
        prefix,
        own.map((r) => ({
          tried: r.resolution.tried.length,
          stamp: r.resolution.resolved ? fileStamp(memo.stat(r.resolution.resolved)) : '-',
        })),
        cache,
      );
    const known = stamp?.entry?.files;
    own.forEach((r, i) => {
      const p = r.resolution.resolved;
      r.file = known ? known[i] : p ? host.loadPem(p, memo.stat(p)) : undefined;
    });
    if (stamp) {
      if (!stamp.entry)
        cache.store(
          stamp,
          own.map((r) => r.file),
          own.flatMap((r) => r.resolution.tried),
        );
      stamps!.set(block, stamp);
    }
    refs.push(...own);
  }
  const model: TlsModel = {
    doc,
    blocks,
    misshaped,
    refs,
    settings,
    version: parseVersion(settings.serverVersion) ?? parseVersion('latest')!,
    now: host.clock.now(),
    ocspStapling: stapling,
  };
  if (stamps) model.stamps = stamps;
  return model;
}

/**
 * `ocsp: true` or an `ocsp { }` map whose mode is not "never" (opts.go: the map defaults to auto). nats-server
 * then looks for the issuer of each TLS certificate in that block's ca_file (ocsp.go getOCSPIssuer).
 */
export function ocspStapling(doc: ConfigDoc): boolean {
  const v = valueOf(lastOf(effectiveEntries(doc.root), 'ocsp'));
  if (v?.kind === 'bool') return v.value;
  if (v?.kind !== 'map') return false;
  const mode = valueOf(lastOf(effectiveEntries(v), 'mode'));
  return !(mode?.kind === 'string' && mode.value.toLowerCase() === 'never');
}
