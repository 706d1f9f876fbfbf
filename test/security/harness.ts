// Shared plumbing of the security tests: run the CLI in-process with captured output, collect everything a
// language server said, and look for any piece of a planted secret in it.
import * as assert from 'node:assert/strict';
import { main } from '../../server/src/cli/main';
import type { LspClient } from '../lsp/client';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `nats-tls ARGS` through the CLI's own entry point, with its output captured. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  // The CLI reads the process environment (as nats-server does); set what the test plants, then restore it.
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  try {
    const code = await main(args, { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), cwd });
    return { code, out, err };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Everything the server wrote (responses, notifications, requests to the client) and its log. */
export function lspOutput(client: LspClient): string {
  return Buffer.concat(client.transcript).toString('utf8') + client.stderr.join('');
}

/**
 * Fails when `output` holds any piece of `secret` at least `window` characters long: an excerpt or the start
 * of a token is a leak too. `where` names the output for the failure message.
 */
export function assertNoSecret(output: string, secret: string, where: string, window = 10): void {
  const w = Math.min(window, secret.length);
  for (let i = 0; i + w <= secret.length; i++) {
    const piece = secret.slice(i, i + w);
    const at = output.indexOf(piece);
    if (at !== -1) {
      assert.fail(`${where} quotes the secret (${JSON.stringify(piece)}): …${output.slice(Math.max(0, at - 80), at + 80)}…`);
    }
  }
}

/** The longest run of `ch` in `text`. */
export function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
