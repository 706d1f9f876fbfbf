// `check` over the whole corpus in one run, against `nats-server -t` once per config (what a CI job would
// otherwise do); and the language server's memory after checking every corpus config.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusConfigs } from '../../test/fuzz/differential';
import { natsServerBin } from '../../test/helpers/nats-server';
import { corpusPath, find, natsServerTool } from '../../test/helpers/tools';
import { LspClient } from '../../test/lsp/client';
import type { Section } from './timing';

const repoRoot = path.resolve(__dirname, '..', '..');
const corpus = corpusPath();
const hasNatsServer = find(natsServerTool) !== undefined;

function wall(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export const corpusSection: Section = {
  describe: '`check` over the corpus in one run vs `nats-server -t` per config; server RSS after the corpus',
  async run() {
    if (!fs.existsSync(corpus)) {
      console.warn(`  SKIPPED: no corpus at ${corpus} (set NATS_TLS_CORPUS)`);
      return { timings: [], figures: {} as Record<string, number>, targets: [] };
    }
    const files = corpusConfigs(corpus, false).map((c) => ({ file: path.join(corpus, c.name), text: c.text }));
    const cli = path.join(repoRoot, 'bin', 'nats-tls.js');
    // Best of three for both, so a busy machine penalises neither side.
    const ours = Math.min(
      ...[0, 1, 2].map(() =>
        wall(() => spawnSync(process.execPath, [cli, 'check', '--format', 'json', corpus], { encoding: 'utf8', maxBuffer: 64 << 20 })),
      ),
    );
    let theirs = NaN;
    if (hasNatsServer) {
      theirs = Math.min(
        ...[0, 1, 2].map(() =>
          wall(() => {
            for (const { file } of files)
              spawnSync(natsServerBin, ['-t', '-c', path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8' });
          }),
        ),
      );
    } else console.warn('  nats-server is not installed: the comparison is skipped');
    console.log(
      `  ${files.length} configs: nats-tls check (one run) ${ours.toFixed(0)} ms; nats-server -t per config ${theirs.toFixed(0)} ms; ratio ${(ours / theirs).toFixed(2)}`,
    );

    // Memory: a language server with the corpus as its workspace, after diagnostics for every config.
    const client = await LspClient.start({ now: new Date(), folders: [corpus] });
    let rss: number;
    try {
      for (const { file, text } of files) {
        const uri = await client.open(file, text);
        await client.pushed(uri);
      }
      await client.barrier();
      rss = rssOf(client.proc.pid!);
    } finally {
      await client.stop();
    }
    console.log(`  language server RSS after checking all ${files.length} configs: ${rss.toFixed(1)} MB`);
    return {
      timings: [],
      figures: { checkMs: ours, natsServerMs: theirs, ratio: ours / theirs, serverRssMb: rss },
      targets: [
        ...(hasNatsServer
          ? [{ name: 'check over the corpus takes at most half the time of nats-server -t per config', ok: ours <= theirs / 2 }]
          : []),
        { name: 'server RSS after the corpus at most 80 MB', ok: rss <= 80 },
      ],
    };
  },
};
