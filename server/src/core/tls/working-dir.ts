// The folder nats-server must start in for a config's relative cert/key/CA paths to open the files the
// analysis found. nats-server opens them relative to its working directory; with natsTls.pathBase "auto" the
// analysis tries the config's folder and its ancestors, so "Check with nats-server", hovers and the language
// status all use this one answer instead of assuming the config's folder.
import * as path from 'node:path';
import { candidateBases } from './paths';
import type { EngineSettings, TlsModel } from './model';

export interface WorkingDirectory {
  /** Absolute folder. */
  dir: string;
  /** 'setting': natsTls.pathBase names it; 'resolved': the config's relative paths resolve there; 'config-folder': the default. */
  source: 'setting' | 'resolved' | 'config-folder';
  /** Other folders some relative paths resolved against (nats-server has only one working directory). */
  conflicts: string[];
}

/** Relative paths of the model that resolved, by the folder they resolved against. */
function resolvedBases(model: TlsModel | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of model?.refs ?? []) {
    const base = r.resolution.base;
    if (!base || !r.resolution.resolved) continue; // '' is an absolute path; undefined: not found
    counts.set(base, (counts.get(base) ?? 0) + 1);
  }
  return counts;
}

/**
 * One working directory per config: the folder natsTls.pathBase names; under "auto", the folder most of the
 * config's relative paths resolved against (the nearer one on a tie); else the config's folder.
 */
export function workingDirectory(configFile: string, settings: EngineSettings, model: TlsModel | undefined): WorkingDirectory {
  const candidates = candidateBases(configFile, settings.base, settings.roots);
  const counts = resolvedBases(model);
  if (settings.base !== 'auto') {
    const dir = candidates[0]!;
    return { dir, source: 'setting', conflicts: [...counts.keys()].filter((b) => b !== dir) };
  }
  let best: string | undefined;
  for (const c of candidates) if ((counts.get(c) ?? 0) > (best === undefined ? 0 : counts.get(best)!)) best = c;
  const dir = best ?? path.dirname(configFile);
  return { dir, source: best ? 'resolved' : 'config-folder', conflicts: [...counts.keys()].filter((b) => b !== dir) };
}

/** Why this folder, in words, for hovers, the language status and the check's output. */
export function describeWorkingDirectory(w: WorkingDirectory, configFile: string, settings: EngineSettings): string {
  const configDir = path.dirname(configFile);
  const why =
    w.source === 'setting'
      ? settings.base === 'config'
        ? `the config's folder (natsTls.pathBase is "config")`
        : `natsTls.pathBase is "${settings.base}"`
      : w.source === 'resolved'
        ? w.dir === configDir
          ? "the config's folder, where its relative paths resolve"
          : `where the config's relative paths resolve (natsTls.pathBase is "auto")`
        : "the config's folder";
  const conflict = w.conflicts.length
    ? `; other paths resolve against ${w.conflicts.join(', ')}, which nats-server started here will not find`
    : '';
  return `${why}${conflict}`;
}
