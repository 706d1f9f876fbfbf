// The engine's host on Node: real files, the system clock (or a fixed one for tests), a PEM cache.
import type { ConfContext } from './core/conf/resolve';
import type { EngineHost } from './core/tls/model';
import { loadPemFile, PemCache } from './core/x509/pem';
import { nodeFs } from './node-fs';

/** NATS_TLS_NOW fixes the clock (ISO 8601), so protocol tests over the real server are deterministic. */
export function nodeClock(env: Record<string, string | undefined> = process.env): { now(): Date } {
  const fixed = env.NATS_TLS_NOW ? new Date(env.NATS_TLS_NOW) : undefined;
  if (fixed && !Number.isNaN(fixed.getTime())) return { now: () => new Date(fixed) };
  return { now: () => new Date() };
}

export function nodeHost(env: Record<string, string | undefined> = process.env): EngineHost {
  const cache = new PemCache();
  return {
    fs: nodeFs,
    clock: nodeClock(env),
    // The stat path resolution just took (when given) validates the cache without another system call.
    loadPem: (p, st) => loadPemFile(p, nodeFs, cache, st),
    platform: process.platform,
    forget: (p) => cache.delete(p),
  };
}

/** Configs read from disk on Node: real files, the latest dialect, a fresh include cache (one per run). */
export function nodeConfContext(env: Record<string, string | undefined> = process.env): ConfContext {
  return { env, fs: nodeFs, dialect: 'latest', includeCache: new Map() };
}
