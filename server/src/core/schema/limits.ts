// Top-level limits: payloads, connections, subscriptions, pings and write deadlines (server/opts.go).
import type { OptionSpec } from './types';

const INT32_MAX = 2147483647;

export const WRITE_TIMEOUT_VALUES = ['default', 'close', 'retry'];

export const LIMIT_OPTIONS: OptionSpec[] = [
  {
    name: 'max_payload',
    kind: 'size',
    max: INT32_MAX,
    rangeMessage: '%k value is too big',
    default: '1MB',
    doc: 'Largest message payload a client may publish, in bytes (1MB, 8MB …). Keep it at or under 8MB.',
  },
  {
    name: 'max_control_line',
    kind: 'size',
    max: INT32_MAX,
    rangeMessage: '%k value is too big',
    default: '4KB',
    doc: 'Longest protocol line (subject and headers) accepted.',
  },
  {
    name: 'max_pending',
    kind: 'size',
    default: '64MB',
    doc: 'Bytes buffered for a slow client before it is disconnected as a slow consumer.',
  },
  {
    name: 'max_connections',
    aliases: ['max_conn'],
    kind: 'int',
    default: '65536',
    doc: 'Maximum number of client connections (0 means unlimited).',
  },
  {
    name: 'max_subscriptions',
    aliases: ['max_subs'],
    kind: 'int',
    default: '0 (unlimited)',
    doc: 'Maximum subscriptions per client connection.',
  },
  {
    name: 'max_sub_tokens',
    aliases: ['max_subscription_tokens'],
    kind: 'int',
    min: 1,
    max: 255,
    rangeMessage: '%k value is too big',
    default: '0 (unlimited)',
    doc: 'Maximum number of tokens in a subscription subject (1 to 255).',
  },
  {
    name: 'max_closed_clients',
    kind: 'int',
    since: { '2.10': '2.10.26', '2.11': '2.11.0' },
    default: '10000',
    doc: 'How many closed connections /connz?state=closed remembers.',
  },
  {
    name: 'ping_interval',
    kind: 'duration',
    default: '"2m"',
    doc: 'How often the server pings each client. A duration string such as "2m"; a bare number is read as seconds with a warning.',
  },
  { name: 'ping_max', kind: 'int', default: '2', doc: 'Unanswered pings before a client is disconnected.' },
  {
    name: 'write_deadline',
    kind: 'duration',
    default: '"10s"',
    doc: 'How long a write to a client may block before the client is treated as a slow consumer.',
  },
  {
    name: 'write_timeout',
    kind: 'enum',
    values: WRITE_TIMEOUT_VALUES,
    caseSensitive: true,
    since: { '2.11': '2.11.11', '2.12': '2.12.2', '2.14': '2.14.0' },
    default: '"default"',
    doc: 'What happens when write_deadline is hit: "default", "close" the connection, or "retry".',
  },
];
