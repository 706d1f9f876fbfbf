// Command-line plumbing shared by the sub-commands: node's strict parseArgs, with messages in our words.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

/** Bad usage: exit 2, the message, then `usage` (the sub-command's) or the whole usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

export type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

/** Every sub-command takes --help / -h. */
export const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies OptionsSpec;

export interface CommandSpec<O extends OptionsSpec> {
  /** The command as typed, for messages: 'check', 'gen server'. */
  name: string;
  /** What --help prints and what follows a usage error. */
  usage: string;
  options: O;
  /** Whether the command takes operands (files, folders). */
  positionals: boolean;
  /** A better message than "unknown option" for some names (e.g. an option another `gen` target takes). */
  unknown?: (name: string) => string | undefined;
}

type Parsed<O extends OptionsSpec> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>;

/**
 * Parses a sub-command's arguments. Returns undefined after printing the usage for --help; throws UsageError for
 * unknown options, a boolean given a value (`--force=false`), a missing value (`--format` last, or followed by
 * another option), and operands where the command takes none.
 */
export function parseCommand<O extends OptionsSpec>(
  args: string[],
  spec: CommandSpec<O>,
  io: Io,
): { values: Parsed<O>['values']; positionals: string[] } | undefined {
  const options = { ...spec.options, ...HELP };
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true }) as Parsed<O>;
  } catch (e) {
    if (asksForHelp(args, options)) return help(spec, io);
    throw new UsageError(explain(args, spec, options) ?? (e as Error).message.split('\n')[0]!, spec.usage);
  }
  if ((parsed.values as { help?: boolean }).help) return help(spec, io);
  if (!spec.positionals && parsed.positionals.length)
    throw new UsageError(`${spec.name} takes no positional arguments (got "${parsed.positionals[0]}")`, spec.usage);
  return { values: parsed.values, positionals: parsed.positionals };
}

function help(spec: CommandSpec<OptionsSpec>, io: Io): undefined {
  io.out(spec.usage);
  return undefined;
}

const optionLike = (v: string): boolean => v.length > 1 && v.startsWith('-');

/** `check --bogus --help` still shows the help: the help option is read from the tokens, as the user wrote it. */
function asksForHelp(args: string[], options: OptionsSpec): boolean {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help' && t.value === undefined);
}

/** The first problem strict parsing refused, in the words of the rest of the CLI. */
function explain(args: string[], spec: CommandSpec<OptionsSpec>, options: OptionsSpec): string | undefined {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = options[t.name];
    if (!o) return spec.unknown?.(t.name) ?? `unknown option ${t.rawName}`;
    if (o.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
    if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && optionLike(t.value)))) return `${t.rawName} needs a value`;
  }
  return undefined;
}

/** A sub-command's help: its lines from the main usage, each synopsis prefixed with the program name. */
export function commandUsage(block: string, footer: string): string {
  const body = block
    .split('\n')
    .map((l) => (/^ {2}\S/.test(l) ? `  nats-tls ${l.slice(2)}` : l))
    .join('\n');
  return `Usage:\n${body}\n\n${footer}`;
}
