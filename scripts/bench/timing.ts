// Timing and the shape of a benchmark section, shared by scripts/bench.ts and its sections.
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'major' | 'minor' }) => void;

/**
 * A young-generation collection (a scavenge): what V8 does to the objects a program keeps once the young
 * generation fills. Two move a young tree into the old generation.
 */
export const scavenge = (): void => gc({ type: 'minor' });

export interface Timing {
  name: string;
  median: number;
  min: number;
  p90: number;
  runs: number;
}

export function time(name: string, fn: () => unknown, opts: { warmup: number; runs: number }): Timing {
  for (let i = 0; i < opts.warmup; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    gc();
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return {
    name,
    median: ms[Math.floor(ms.length / 2)]!,
    min: ms[0]!,
    p90: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.9))]!,
    runs: opts.runs,
  };
}

export const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2)).padStart(8) + ' ms';
export const mb = (s: string): string => `${(Buffer.byteLength(s) / 1024 / 1024).toFixed(2)} MB`;

export interface Options {
  iterations: number;
}

export interface SectionResult {
  timings: Timing[];
  /** Named figures (ratios etc.) for the JSON report. */
  figures: Record<string, number>;
  /** Targets and whether they hold. */
  targets: { name: string; ok: boolean }[];
}

export interface Section {
  describe: string;
  run(o: Options): SectionResult | Promise<SectionResult>;
}

/** The p-th percentile (0–100) of samples in ms. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Peak resident memory of a process so far (VmHWM in /proc), in MB. */
export function peakRssOf(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
