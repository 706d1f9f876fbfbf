// The vocabulary of the schema table: what an option's value may be, and what a block (a map nats-server
// parses with one switch statement) accepts. The tables themselves are plain data in the files next to this.
import type { Since } from '../tls/versions';

/**
 * How nats-server reads a value. Each kind names one code path in server/opts.go; values.ts knows what each
 * accepts and the error text nats-server prints when it does not.
 */
export type ValueKind =
  /** v.(string) */
  | 'string'
  /** v.(bool) */
  | 'bool'
  /** v.(int64): an integer, unit suffixes allowed (1k = 1000, 1KB = 1024). */
  | 'int'
  /** An integer where a suffix reads as a size (max_payload: 1MB). Same code path as int. */
  | 'size'
  /** getStorageSize: an integer (suffixes allowed), or a string "<n>K|M|G|T" (upper case, powers of 1024). */
  | 'storage-size'
  /** parseDuration: a duration string ("2m"); a plain integer is taken as seconds with a warning, so -t fails. */
  | 'duration'
  /** time.ParseDuration(v.(string)): a duration string only. */
  | 'duration-string'
  /** An integer or float number of seconds, or a duration string. */
  | 'seconds'
  /** parseListen: a port number, or "host:port". */
  | 'listen'
  /** A URL string (url.Parse). */
  | 'url'
  /** An array of URL strings. */
  | 'url-list'
  /** A URL string or an array of them. */
  | 'url-or-list'
  /** parseStringArray: a string or an array of strings. */
  | 'string-or-list'
  /** An array of strings. */
  | 'string-list'
  /** A subject, or an array of subjects, or { allow, deny } (permissions). */
  | 'subjects'
  /** A map nats-server parses with its own switch: `block` names it. */
  | 'map'
  /** An array of such maps. */
  | 'map-list'
  /** A map with keys chosen by the user (account names, subjects, metadata); `entry` describes each value. */
  | 'dynamic-map'
  /** One of `values` (a string), compared as `caseSensitive` says. */
  | 'enum'
  /** A value with several accepted shapes: `accepts` lists them, `block` is the map shape's block. */
  | 'union';

/** A shape of a union value. */
export type Shape = 'string' | 'bool' | 'int' | 'float' | 'map' | 'array';

export interface OptionSpec {
  /** The name as nats-server's switch spells it (lower case). */
  name: string;
  /** Other names in the same `case`. */
  aliases?: string[];
  kind: ValueKind;
  /** For map, map-list and union values: the block that parses the map. */
  block?: string;
  /** For union values: the shapes nats-server accepts. */
  accepts?: Shape[];
  /** For enum values (and strings of a union): the accepted strings. */
  values?: string[];
  /** Enum values compared case-sensitively (most are not). */
  caseSensitive?: boolean;
  /** For dynamic maps: what each value is. */
  entry?: OptionSpec;
  /** Numeric range nats-server enforces (after suffixes; durations in seconds). */
  min?: number;
  max?: number;
  /** The default, as users would write it. */
  default?: string;
  /** One or two sentences for hovers and completion. */
  doc: string;
  /** The release that added it (per release line, see tls/versions.ts). Absent: every release from 2.9.10. */
  since?: Since;
  /** nats-server accepts it but ignores it, or warns (then `-t` fails), from the releases in `since`. */
  deprecated?: { since: Since; note: string; warns?: boolean };
  /** nats-server warns (so `-t` fails) when the value, in seconds, is above `above`, from the releases in `since`. */
  warnAbove?: { above: number; since: Since };
  /** nats-server reads the key only in this exact spelling (case-sensitive lookups such as m["system_account"]). */
  exactCase?: boolean;
  /** Where nats-server checks the value only when the server starts (not with -t), or never: advice only. */
  looseValue?: boolean;
  /** A further rule on the value (values.ts): names without spaces, nkeys, subjects, JWTs … */
  check?: ValueCheck;
  /**
   * nats-server's message when the value has the wrong shape (%T: Go type, %v: the value, %k: the key).
   * Default: the type assertion's panic, "interface conversion: interface {} is %T, not <want>".
   */
  typeMessage?: string;
  /** nats-server's message when the value is outside min/max (%k: the key as written, %v: the value). */
  rangeMessage?: string;
  /** How releases before `before` read the value (the newest matching entry applies). */
  older?: { before: Since; read: Partial<OptionSpec> }[];
}

export type ValueCheck =
  | 'server-name'
  | 'cluster-name'
  | 'gateway-name'
  | 'leaf-min-version'
  | 'user-nkey'
  | 'account-nkey'
  | 'operator-nkeys'
  | 'curve-nkey'
  | 'user-seed'
  | 'public-nkey'
  | 'account-jwts'
  | 'connection-types'
  | 'resolver'
  | 'percent'
  | 'latency-sampling'
  | 'rtt-durations'
  | 'go-string-slice'
  | 'mapping-subjects'
  | 'route-ping';

/** What nats-server does with a key its switch does not know. */
export type UnknownPolicy =
  /** unknown field "x", unless the key is a variable some value refers to. */
  | 'error-unless-used'
  /** Rejected even when it is a used variable (parseTLS, ocsp, ocsp_cache, mapping destinations). */
  | 'error'
  /** Looked up by name (v["dir"]): anything else is silently ignored. */
  | 'ignored';

export interface BlockSpec {
  /** Stable id ("root", "cluster", "cluster.authorization" …). */
  id: string;
  /** Config path as users write it, for messages and hovers. */
  path: string;
  /** The Go function that parses it. */
  parser: string;
  options: OptionSpec[];
  unknown: UnknownPolicy;
  /** nats-server's message for an unknown key; `%s` is the key. Default: unknown field "%s". */
  unknownMessage?: string;
  /** Keys compared case-sensitively (the ocsp block, resolver maps). */
  caseSensitive?: boolean;
  /** Checked elsewhere (tls blocks have their own checks): schema checks only describe it. */
  delegated?: boolean;
}
