// Work bounds that do not depend on how fast or how busy the machine is (`npm test` asserts no wall-clock
// budgets; those live in `npm run bench`):
//   - growth: the CPU time of the same operation on a small and on a large input, measured in the same test
//     and interleaved, so a busy or slow machine scales both. Linear code grows like the input; the
//     quadratic backtracking this guards against grows like its square, far past the generous bound.
//   - CountingFs: an EngineFs that counts what the engine asks of the file system (calls, bytes read).
import * as assert from 'node:assert/strict';
import type { EngineFs, FileStat, ReadResult } from '../../server/src/core/types';

/** CPU time (user + system, all threads of this process) of one call, in ms. */
export function cpuMs(run: () => unknown): number {
  const t0 = process.cpuUsage();
  run();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export interface Growth {
  /** CPU ms of one sample at each size (the best of `samples`); a sample is `reps` calls. */
  small: number;
  large: number;
  reps: number;
  /** large / small */
  ratio: number;
}

/**
 * How the CPU time of `run(n)` grows from n = `small` to n = `large`. Samples at the two sizes alternate,
 * and each size keeps its fastest (contention only ever adds time); a sample repeats the call until the small
 * one takes a few milliseconds, so timer resolution and fixed costs do not decide the ratio.
 */
export function growth(run: (n: number) => unknown, small: number, large: number, samples = 5): Growth {
  run(small); // warm-up: compile, caches
  run(large);
  let reps = 1;
  // The fastest of two, so one stall (a collection, a context switch) does not end the calibration early.
  while (
    reps < 1 << 16 &&
    Math.min(
      cpuMs(() => repeat(run, small, reps)),
      cpuMs(() => repeat(run, small, reps)),
    ) < 5
  )
    reps *= 2;
  let s = Infinity;
  let l = Infinity;
  for (let i = 0; i < samples; i++) {
    s = Math.min(
      s,
      cpuMs(() => repeat(run, small, reps)),
    );
    l = Math.min(
      l,
      cpuMs(() => repeat(run, large, reps)),
    );
  }
  return { small: s, large: l, reps, ratio: l / Math.max(s, 0.001) };
}

export function showGrowth(g: Growth): string {
  return `${g.small.toFixed(2)} → ${g.large.toFixed(2)} ms CPU (${g.reps} call(s) per sample): ${g.ratio.toFixed(1)}×`;
}

function repeat(run: (n: number) => unknown, n: number, reps: number): void {
  for (let i = 0; i < reps; i++) run(n);
}

/**
 * Asserts that `run(n)` grows at most linearly, within a generous factor: from n to 8n the CPU time may grow
 * up to 8 × `slack` (24× by default); quadratic work grows 64×.
 */
export function assertLinear(
  name: string,
  run: (n: number) => unknown,
  small: number,
  { slack = 3, samples = 5 }: { slack?: number; samples?: number } = {},
): Growth {
  const large = small * 8;
  const g = growth(run, small, large, samples);
  assert.ok(
    g.ratio <= 8 * slack,
    `${name}: ${g.large.toFixed(2)} ms at n=${large} vs ${g.small.toFixed(2)} ms at n=${small} (CPU, ${g.reps} calls each): ` +
      `${g.ratio.toFixed(1)}× for 8× the input; linear work stays under ${8 * slack}×`,
  );
  return g;
}

export interface FsCall {
  op: 'readFile' | 'stat' | 'readDir';
  path: string;
  /** readFile: the limit asked for, the bytes handed back, and 'ok' or why it was refused. */
  limit?: number;
  bytes?: number;
  result?: string;
}

/** An EngineFs that passes every call on to `inner` and records it. */
export class CountingFs implements EngineFs {
  readonly calls: FsCall[] = [];
  readonly readDir?: (path: string, limit?: number) => string[] | undefined;

  constructor(private readonly inner: EngineFs) {
    if (inner.readDir) {
      const readDir = inner.readDir.bind(inner);
      this.readDir = (p, limit) => (this.calls.push({ op: 'readDir', path: p }), readDir(p, limit));
    }
  }

  readFile(path: string, limit: number): ReadResult {
    const r = this.inner.readFile(path, limit);
    this.calls.push({ op: 'readFile', path, limit, bytes: r.ok ? r.data.length : 0, result: r.ok ? 'ok' : r.reason });
    return r;
  }

  stat(path: string): FileStat | undefined {
    this.calls.push({ op: 'stat', path });
    return this.inner.stat(path);
  }

  /** readFile calls for `path`. */
  reads(path: string): FsCall[] {
    return this.calls.filter((c) => c.op === 'readFile' && c.path === path);
  }

  /** Bytes handed back for `path` over all reads. */
  bytesRead(path: string): number {
    return this.reads(path).reduce((n, c) => n + (c.bytes ?? 0), 0);
  }

  reset(): void {
    this.calls.length = 0;
  }
}
