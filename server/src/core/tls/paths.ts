// Where a certificate path points. nats-server opens TLS paths relative to its working directory, which
// a config file does not record; real projects rely on running from a package or repository root. So by
// default ("auto") we try the config's folder, then each ancestor up to the checked root.
import * as path from 'node:path';
import type { EngineFs } from '../types';

export type BaseSetting = 'auto' | 'config' | string;

export interface PathResolution {
  /** Absolute path of the first candidate that exists. */
  resolved: string | undefined;
  /** The folder it was resolved against ('' for absolute paths). */
  base: string | undefined;
  /** Every candidate, in order, for "file not found" messages. */
  tried: string[];
}

/** The innermost of `roots` that is `p` or contains it (roots nest in multi-root workspaces). */
export function innermostRoot(p: string, roots: readonly string[]): string | undefined {
  return roots.filter((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep)).sort((a, b) => b.length - a.length)[0];
}

export function candidateBases(configFile: string, setting: BaseSetting, roots: readonly string[]): string[] {
  const dir = path.dirname(configFile);
  if (setting === 'config') return [dir];
  if (setting !== 'auto') return [path.resolve(dir, setting)];
  const bases = [dir];
  const root = innermostRoot(dir, roots);
  if (!root) return bases;
  let d = dir;
  while (d !== root) {
    const up = path.dirname(d);
    if (up === d) break;
    bases.push(up);
    d = up;
  }
  return bases;
}

export function resolveTlsPath(
  raw: string,
  configFile: string,
  setting: BaseSetting,
  roots: readonly string[],
  fs: EngineFs,
): PathResolution {
  return resolveFrom(raw, path.isAbsolute(raw) || raw === '' ? [] : candidateBases(configFile, setting, roots), fs);
}

/** resolveTlsPath with the candidate bases already known (a model resolves many paths of one file). */
export function resolveFrom(raw: string, bases: readonly string[], fs: EngineFs): PathResolution {
  if (raw === '') return { resolved: undefined, base: undefined, tried: [] };
  if (path.isAbsolute(raw)) {
    const st = fs.stat(raw);
    return { resolved: st ? raw : undefined, base: st ? '' : undefined, tried: [raw] };
  }
  const tried: string[] = [];
  for (const base of bases) {
    const p = path.join(base, raw);
    tried.push(p);
    if (fs.stat(p)) return { resolved: p, base, tried };
  }
  return { resolved: undefined, base: undefined, tried };
}
