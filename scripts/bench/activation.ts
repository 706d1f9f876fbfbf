// The client's activation time in a real VS Code (code-server + Chromium, as the e2e tests run it), as VS
// Code's extension host measures it: code loading + the synchronous part of activate() at most 50 ms. Each
// window is a fresh extension host; contention only ever adds time, so the best of up to 8 windows counts
// (a window within budget ends the sampling), and every window's numbers are printed with the load average.
// test/e2e/activation.test.ts checks that activation happens, on the right event; this is its budget.
import * as os from 'node:os';
import { activationWorkspace, readActivation, type ActivationSample } from '../../test/e2e/activation-probe';
import { startCodeServer } from '../../test/e2e/harness';
import { codeServerTool, find, inCI } from '../../test/helpers/tools';
import type { Section, SectionResult } from './timing';

const BUDGET_MS = 50;
const SAMPLES = 8;

export const activationSection: Section = {
  describe: `client activation in a real VS Code (code-server): load code + activate() at most ${BUDGET_MS} ms, best of up to ${SAMPLES} windows`,
  async run(): Promise<SectionResult> {
    if (!find(codeServerTool)) {
      // As in the tests: skipped loudly, but a miss when CI is set.
      console.warn('  SKIPPED: code-server and Chromium are not installed (npm run setup:e2e)');
      return { timings: [], figures: {}, targets: inCI() ? [{ name: 'code-server and Chromium are installed', ok: false }] : [] };
    }
    const vs = await startCodeServer({ workspace: activationWorkspace(), name: 'bench-activation' });
    const samples: ActivationSample[] = [];
    try {
      for (let i = 1; i <= SAMPLES; i++) {
        const wb = await vs.openWorkbench();
        try {
          const s = await wb.step(`bench-activation-${i}`, readActivation);
          samples.push(s);
          console.log(
            `  window ${i}: ${s.loadCode + s.callActivate} ms = load code ${s.loadCode} ms (require ${s.require} ms) + call activate ${s.callActivate} ms; ` +
              `finish activate ${s.finishActivate} ms; event ${s.event}; load average ${os.loadavg()[0]!.toFixed(2)}`,
          );
          if (s.loadCode + s.callActivate <= BUDGET_MS) break;
        } finally {
          await wb.close();
        }
      }
    } finally {
      await vs.close();
    }
    const totals = samples.map((s) => s.loadCode + s.callActivate);
    const best = Math.min(...totals);
    console.log(`  activation: best ${best} ms of ${totals.join(', ')} ms on ${os.availableParallelism()} CPUs`);
    return {
      timings: [],
      figures: { bestMs: best, windows: samples.length, bestRequireMs: Math.min(...samples.map((s) => s.require)) },
      targets: [
        { name: `client activation in VS Code at most ${BUDGET_MS} ms (best of ${samples.length} windows)`, ok: best <= BUDGET_MS },
      ],
    };
  },
};
