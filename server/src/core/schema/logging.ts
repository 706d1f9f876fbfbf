// Top-level logging options (server/opts.go processConfigFileLine).
import type { OptionSpec } from './types';

export const LOGGING_OPTIONS: OptionSpec[] = [
  { name: 'debug', kind: 'bool', default: 'false', doc: 'Log debug messages.' },
  { name: 'trace', kind: 'bool', default: 'false', doc: 'Log every protocol message (very verbose; not for production).' },
  { name: 'trace_verbose', kind: 'bool', default: 'false', doc: 'Like trace, and also trace system account traffic. Turns trace on.' },
  {
    name: 'trace_headers',
    kind: 'bool',
    since: { '2.11': '2.11.2', '2.12': '2.12.0' },
    default: 'false',
    doc: 'Trace message headers only, not payloads. Turns trace on.',
  },
  { name: 'logtime', kind: 'bool', default: 'true', doc: 'Prefix log lines with a timestamp.' },
  {
    name: 'logtime_utc',
    kind: 'bool',
    since: { '2.9': '2.9.21', '2.10': '2.10.0' },
    default: 'false',
    doc: 'Write log timestamps in UTC instead of local time.',
  },
  { name: 'log_file', aliases: ['logfile'], kind: 'string', doc: 'Write the log to this file instead of standard error.' },
  {
    name: 'log_size_limit',
    aliases: ['logfile_size_limit'],
    kind: 'size',
    default: '0 (no rotation)',
    doc: 'Rotate log_file when it grows past this many bytes (suffixes such as 100MB work).',
  },
  {
    name: 'log_max_num',
    aliases: ['logfile_max_num'],
    kind: 'int',
    since: { '2.10': '2.10.0' },
    default: '0 (keep all)',
    doc: 'Keep at most this many rotated log files.',
  },
  { name: 'syslog', kind: 'bool', default: 'false', doc: 'Log to the local syslog.' },
  { name: 'remote_syslog', kind: 'string', doc: 'Log to a remote syslog, e.g. "udp://host:514".' },
  { name: 'max_traced_msg_len', kind: 'int', default: '0 (whole message)', doc: 'Truncate traced message payloads to this many bytes.' },
  {
    name: 'connect_error_reports',
    kind: 'int',
    default: '3600',
    doc: 'Log a failed route/gateway/leaf connect attempt once every this many attempts.',
  },
  {
    name: 'reconnect_error_reports',
    kind: 'int',
    default: '1',
    doc: 'Log a failed reconnect attempt once every this many attempts.',
  },
];
