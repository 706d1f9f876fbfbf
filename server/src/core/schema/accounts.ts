// accounts { } (server/opts.go parseAccounts): each account's users, imports, exports, mappings, limits,
// message tracing and JetStream limits, and the mapping destinations used at the top level too.
import type { OptionSpec } from './types';

const SINCE_2_11 = { '2.11': '2.11.0' };

export const ACCOUNT_OPTIONS: OptionSpec[] = [
  {
    name: 'nkey',
    kind: 'string',
    check: 'account-nkey',
    typeMessage: 'Not a valid public nkey for an account: "%v"',
    doc: 'Public account nkey (starting with A) identifying this account.',
  },
  {
    name: 'users',
    kind: 'map-list',
    block: 'user',
    typeMessage: 'Expected users field to be an array, got %v',
    doc: 'Users of this account (user names must be unique across accounts).',
  },
  {
    name: 'imports',
    kind: 'map-list',
    block: 'import',
    typeMessage: 'Imports should be an array, got %T',
    doc: 'Streams and services this account imports from other accounts.',
  },
  {
    name: 'exports',
    kind: 'map-list',
    block: 'export',
    typeMessage: 'Exports should be an array, got %T',
    doc: 'Streams and services this account offers to other accounts.',
  },
  {
    name: 'jetstream',
    kind: 'union',
    accepts: ['bool', 'string', 'map'],
    values: ['enabled', 'enable', 'disabled', 'disable'],
    block: 'account.jetstream',
    typeMessage: 'Expected map, bool or string to define JetStream, got %T',
    default: 'disabled',
    doc: 'JetStream for this account: true/"enabled" (no limits) or a block of limits.',
  },
  {
    name: 'default_permissions',
    kind: 'map',
    block: 'permissions',
    doc: "Permissions of this account's users that have none of their own.",
  },
  {
    name: 'mappings',
    aliases: ['maps'],
    kind: 'dynamic-map',
    check: 'mapping-subjects',
    entry: {
      name: '<subject>',
      kind: 'union',
      accepts: ['string', 'map', 'array'],
      block: 'mapping-dest',
      typeMessage: 'Expected an entry for the mapping destination',
      doc: 'Where the subject maps to.',
    },
    doc: 'Subject mappings of this account: subject → destination, or weighted destinations.',
  },
  {
    name: 'limits',
    kind: 'map',
    block: 'account.limits',
    typeMessage: 'Expected account limits to be a map/struct, got %v',
    doc: 'Connection, subscription, payload and leaf node limits of this account.',
  },
  {
    name: 'msg_trace',
    aliases: ['trace_dest'],
    kind: 'union',
    accepts: ['string', 'map'],
    block: 'account.msg_trace',
    typeMessage: 'Expected account message trace "%k" to be a string or a map/struct, got %T',
    since: SINCE_2_11,
    doc: 'Where traced messages of this account report to: a subject, or { dest, sampling }.',
  },
];

export const ACCOUNT_JETSTREAM_OPTIONS: OptionSpec[] = [
  {
    name: 'max_memory',
    aliases: ['max_mem', 'mem', 'memory'],
    kind: 'size',
    default: '-1 (unlimited)',
    doc: 'Memory storage for the account.',
  },
  {
    name: 'max_file',
    aliases: ['max_store', 'max_disk', 'store', 'disk'],
    kind: 'size',
    default: '-1 (unlimited)',
    doc: 'File storage for the account.',
  },
  { name: 'max_streams', aliases: ['streams'], kind: 'int', default: '-1 (unlimited)', doc: 'Streams the account may create.' },
  { name: 'max_consumers', aliases: ['consumers'], kind: 'int', default: '-1 (unlimited)', doc: 'Consumers the account may create.' },
  {
    name: 'max_bytes_required',
    aliases: ['max_stream_bytes', 'max_bytes'],
    kind: 'bool',
    default: 'false',
    doc: 'Streams must set max_bytes.',
  },
  {
    name: 'mem_max_stream_bytes',
    aliases: ['memory_max_stream_bytes'],
    kind: 'size',
    doc: 'Largest max_bytes of a memory stream.',
  },
  {
    name: 'disk_max_stream_bytes',
    aliases: ['store_max_stream_bytes'],
    kind: 'size',
    doc: 'Largest max_bytes of a file stream.',
  },
  { name: 'max_ack_pending', kind: 'int', doc: 'Largest max_ack_pending of a consumer.' },
  {
    name: 'cluster_traffic',
    kind: 'enum',
    values: ['system', 'owner'],
    caseSensitive: true,
    since: SINCE_2_11,
    default: '"system"',
    doc: "Which account carries this account's JetStream replication traffic.",
  },
];

export const ACCOUNT_LIMITS_OPTIONS: OptionSpec[] = [
  { name: 'max_connections', aliases: ['max_conn'], kind: 'int', doc: 'Client connections of the account.' },
  { name: 'max_subscriptions', aliases: ['max_subs'], kind: 'int', doc: 'Subscriptions of the account.' },
  { name: 'max_payload', aliases: ['max_pay'], kind: 'size', doc: "Largest payload the account's clients may publish." },
  { name: 'max_leafnodes', aliases: ['max_leafs'], kind: 'int', doc: 'Leaf node connections of the account.' },
];

export const MSG_TRACE_OPTIONS: OptionSpec[] = [
  { name: 'dest', kind: 'string', typeMessage: 'Field "%k" should be a string, got %T', doc: 'Subject trace events are published to.' },
  {
    name: 'sampling',
    kind: 'union',
    accepts: ['int', 'string'],
    typeMessage: 'Trace destination sampling field "%k" should be an integer or a percentage, got %T',
    doc: 'Percentage of messages traced: 1 to 100, or "25%".',
  },
];

export const EXPORT_OPTIONS: OptionSpec[] = [
  {
    name: 'stream',
    kind: 'string',
    typeMessage: 'Expected stream name to be string, got %T',
    doc: 'Subject of a stream export. Not together with service.',
  },
  {
    name: 'service',
    kind: 'string',
    typeMessage: 'Expected service name to be string, got %T',
    doc: 'Subject of a service export. Not together with stream.',
  },
  { name: 'accounts', kind: 'string-list', doc: 'Accounts allowed to import it (absent: public).' },
  {
    name: 'response_type',
    aliases: ['response'],
    kind: 'enum',
    values: ['singleton', 'single', 'stream', 'chunked', 'chunk'],
    typeMessage: 'Expected response type to be string, got %T',
    default: '"singleton"',
    doc: 'Services only: how many responses a request gets.',
  },
  {
    name: 'response_threshold',
    aliases: ['threshold', 'response_max_time', 'response_time'],
    kind: 'duration-string',
    typeMessage: 'Expected response threshold to be a parseable time duration, got %T',
    doc: 'Services only: how long responses are allowed after a request.',
  },
  {
    name: 'latency',
    kind: 'union',
    accepts: ['string', 'map'],
    block: 'latency',
    typeMessage: 'Expected latency entry to be a map/struct or string, got %T',
    doc: 'Services only: publish service latency to a subject, or { subject, sampling }.',
  },
  { name: 'account_token_position', kind: 'int', doc: "Token of the subject that must equal the importing account's public key." },
  {
    name: 'allow_trace',
    kind: 'bool',
    since: SINCE_2_11,
    default: 'false',
    doc: 'Services only: let message traces cross into this service.',
  },
];

export const LATENCY_OPTIONS: OptionSpec[] = [
  { name: 'subject', kind: 'string', exactCase: true, doc: 'Subject latency samples are published to. Required.' },
  {
    name: 'sampling',
    kind: 'union',
    accepts: ['int', 'string'],
    exactCase: true,
    typeMessage: 'Expected latency sample to be a string or map/struct, got %T',
    default: '100',
    doc: 'Percentage of requests sampled (1 to 100, or "50%"), or "headers".',
  },
];

export const IMPORT_OPTIONS: OptionSpec[] = [
  {
    name: 'stream',
    kind: 'map',
    block: 'import.source',
    typeMessage: 'Stream entry should be an account map, got %T',
    doc: 'A stream to import: { account, subject }.',
  },
  {
    name: 'service',
    kind: 'map',
    block: 'import.source',
    typeMessage: 'Service entry should be an account map, got %T',
    doc: 'A service to import: { account, subject }.',
  },
  { name: 'prefix', kind: 'string', doc: 'Streams: prefix added to imported subjects. Not together with to.' },
  { name: 'to', kind: 'string', doc: 'Subject the import appears under in this account.' },
  { name: 'share', kind: 'bool', default: 'false', doc: "Services: share the requester's identity for latency tracking." },
  { name: 'allow_trace', kind: 'bool', since: SINCE_2_11, default: 'false', doc: 'Streams only: let message traces cross this import.' },
];

export const IMPORT_SOURCE_OPTIONS: OptionSpec[] = [
  { name: 'account', kind: 'string', doc: 'The exporting account (it must be defined in accounts).' },
  { name: 'subject', kind: 'string', doc: 'The exported subject.' },
];

export const MAPPING_DEST_OPTIONS: OptionSpec[] = [
  { name: 'destination', aliases: ['dest'], kind: 'string', doc: 'Subject the message is mapped to.' },
  {
    name: 'weight',
    kind: 'union',
    accepts: ['int', 'string'],
    typeMessage: 'Unknown entry type for weight of %v',
    doc: 'Share of messages mapped here: 0 to 100, or "40%". Required.',
  },
  { name: 'cluster', kind: 'string', doc: 'Apply this destination only in this cluster.' },
];
