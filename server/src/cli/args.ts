// Command-line plumbing shared by the sub-commands.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export class UsageError extends Error {}

/** Parses `--flag value` / `--flag=value` options; everything else is positional. */
export function parseArgs(
  args: string[],
  flags: Record<string, 'string' | 'boolean' | 'list'>,
): { opts: Record<string, string | boolean | string[]>; positional: string[] } {
  const opts: Record<string, string | boolean | string[]> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    const kind = flags[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      opts[name] = true;
      continue;
    }
    const value = eq === -1 ? args[++i] : a.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'list') ((opts[name] ??= []) as string[]).push(value);
    else opts[name] = value;
  }
  return { opts, positional };
}
