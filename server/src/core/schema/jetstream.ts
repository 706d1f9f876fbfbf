// jetstream { } (server/opts.go parseJetStream), its limits { } (parseJetStreamLimits, with batch { }) and
// tpm { } (parseJetStreamTPM). Per-account JetStream limits are in accounts.ts. nats-server's config file
// sets one (untiered) limit set per account; tiered limits (R1, R3 …) exist only in account JWTs.
import type { OptionSpec } from './types';

const CIPHERS = ['chachapoly', 'chacha', 'aes'];

export const JETSTREAM_OPTIONS: OptionSpec[] = [
  {
    name: 'store_dir',
    aliases: ['store', 'storedir'],
    kind: 'string',
    default: 'a "jetstream" folder under the system temp dir',
    doc: 'Folder for JetStream data. Set it here or at the top level, not both.',
  },
  {
    name: 'max_memory_store',
    aliases: ['max_mem_store', 'max_mem'],
    kind: 'storage-size',
    default: '75% of RAM',
    doc: 'Memory for memory-backed streams: an integer with a unit (1GB, 512M) or a string such as "1G".',
  },
  {
    name: 'max_file_store',
    aliases: ['max_file'],
    kind: 'storage-size',
    default: '1TB, or the free disk space',
    doc: 'Disk space for file-backed streams: an integer with a unit (10GB) or a string such as "10G".',
  },
  { name: 'domain', kind: 'string', doc: 'JetStream domain, to separate JetStream of leaf nodes from their hub.' },
  {
    name: 'enabled',
    aliases: ['enable'],
    kind: 'bool',
    default: 'true (inside this block)',
    doc: 'Turn JetStream off while keeping the block.',
  },
  {
    name: 'key',
    aliases: ['ek', 'encryption_key'],
    kind: 'string',
    doc: 'Encrypt data at rest with a key derived from this secret. Prefer an environment variable.',
  },
  {
    name: 'prev_key',
    aliases: ['prev_ek', 'prev_encryption_key'],
    kind: 'string',
    since: { '2.10': '2.10.0' },
    doc: 'The previous encryption key, to re-encrypt existing data after a key change.',
  },
  {
    name: 'cipher',
    kind: 'enum',
    values: CIPHERS,
    default: '"chachapoly"',
    doc: 'Cipher for encryption at rest: chachapoly (chacha) or aes.',
  },
  { name: 'extension_hint', kind: 'string', doc: 'Hint for JetStream placement in extended deployments.' },
  {
    name: 'limits',
    kind: 'map',
    block: 'jetstream.limits',
    typeMessage: 'Expected a map to define JetStreamLimits, got %T',
    doc: 'Server-wide limits on JetStream API requests.',
  },
  {
    name: 'tpm',
    kind: 'map',
    block: 'jetstream.tpm',
    typeMessage: 'Expected a map to define JetStreamLimits, got %T',
    since: { '2.11': '2.11.0' },
    doc: 'Seal the encryption key with a TPM (Windows): { keys_file, encryption_password, srk_password, pcr, cipher }.',
  },
  { name: 'unique_tag', kind: 'string', doc: 'Server tag prefix whose values replicas must not share (e.g. "az:").' },
  {
    name: 'max_outstanding_catchup',
    kind: 'storage-size',
    default: '64MB',
    doc: 'Bytes in flight while a replica catches up.',
  },
  {
    name: 'sync_interval',
    aliases: ['sync'],
    kind: 'duration',
    values: ['always'],
    since: { '2.10': '2.10.0' },
    default: '"2m"',
    doc: 'How often data is flushed to disk: a duration, or "always" (after every write).',
  },
  {
    name: 'strict',
    kind: 'bool',
    typeMessage: "Expected 'true' or 'false' for bool value, got '%v'",
    since: { '2.11': '2.11.0' },
    default: 'true',
    doc: 'Reject JetStream API requests with unknown fields.',
  },
  {
    name: 'max_buffered_size',
    kind: 'storage-size',
    since: { '2.11': '2.11.0' },
    doc: 'Bytes a stream may buffer before it applies backpressure.',
  },
  {
    name: 'max_buffered_msgs',
    kind: 'int',
    typeMessage: 'Expected a parseable size for "%k", got %v',
    since: { '2.11': '2.11.0' },
    doc: 'Messages a stream may buffer before it applies backpressure.',
  },
  {
    name: 'request_queue_limit',
    kind: 'int',
    since: { '2.10': '2.10.21', '2.11': '2.11.0' },
    default: '10000',
    doc: 'Pending JetStream API requests before new ones are dropped.',
  },
  {
    name: 'info_queue_limit',
    kind: 'int',
    since: { '2.14': '2.14.0' },
    doc: 'Pending stream and consumer info requests before new ones are dropped.',
  },
  {
    name: 'meta_compact',
    kind: 'int',
    min: 0,
    rangeMessage: 'Expected an absolute size for "%k", got %v',
    since: { '2.11': '2.11.11', '2.12': '2.12.2', '2.14': '2.14.0' },
    doc: 'Compact the meta layer after this many entries.',
  },
  {
    name: 'meta_compact_size',
    kind: 'storage-size',
    min: 0,
    since: { '2.11': '2.11.11', '2.12': '2.12.2', '2.14': '2.14.0' },
    doc: 'Compact the meta layer after this many bytes.',
  },
  {
    name: 'meta_compact_sync',
    kind: 'bool',
    since: { '2.12': '2.12.5', '2.14': '2.14.0' },
    default: 'false',
    doc: 'Sync the meta layer to disk when compacting.',
  },
  {
    name: 'max_concurrent_io',
    kind: 'int',
    min: 4,
    max: 8192,
    rangeMessage: 'Expected an absolute size for "%k" between 4 and 8192, got %v',
    since: { '2.12': '2.12.14', '2.14': '2.14.4' },
    doc: 'Concurrent disk operations (4 to 8192).',
  },
];

export const JETSTREAM_LIMITS_OPTIONS: OptionSpec[] = [
  { name: 'max_ack_pending', kind: 'int', doc: 'Upper bound for max_ack_pending of any consumer.' },
  { name: 'max_ha_assets', kind: 'int', doc: 'Replicated streams and consumers this server may host.' },
  { name: 'max_request_batch', kind: 'int', doc: "Upper bound for a pull request's batch size." },
  { name: 'duplicate_window', kind: 'duration-string', doc: "Upper bound for a stream's duplicate window." },
  {
    name: 'batch',
    kind: 'map',
    block: 'jetstream.limits.batch',
    typeMessage: 'Expected a map to define batch limits, got %T',
    since: { '2.12': '2.12.0' },
    doc: 'Limits of atomic batch publishing.',
  },
];

export const JETSTREAM_BATCH_OPTIONS: OptionSpec[] = [
  { name: 'max_inflight_per_stream', kind: 'int', doc: 'Batches in flight per stream.' },
  { name: 'max_inflight_total', kind: 'int', doc: 'Batches in flight on this server.' },
  { name: 'max_msgs', kind: 'int', doc: 'Messages per batch.' },
  { name: 'timeout', kind: 'duration-string', doc: 'How long a batch may stay open.' },
];

export const JETSTREAM_TPM_OPTIONS: OptionSpec[] = [
  { name: 'keys_file', kind: 'string', doc: 'File holding the TPM-sealed keys.' },
  { name: 'encryption_password', kind: 'string', doc: 'Password of the sealed encryption key.' },
  { name: 'srk_password', kind: 'string', doc: 'Password of the TPM storage root key.' },
  { name: 'pcr', kind: 'int', default: '22', doc: 'TPM PCR the keys are bound to.' },
  { name: 'cipher', kind: 'enum', values: CIPHERS, default: '"chachapoly"', doc: 'Cipher for encryption at rest.' },
];
