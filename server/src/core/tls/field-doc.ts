// The documentation of a TLS field, from the field table: meaning, type, default, the locations where it
// has an effect (and where nats-server ignores or rejects it), and the release that added it.
// Hovers and completion items show it.
import type { FieldType, Placement, TlsField } from './fields';
import { LOCATIONS, type Location, type LocationId } from './locations';
import { describeSince } from './versions';

const TYPE_TEXT: Record<FieldType, string> = {
  path: 'path (string)',
  bool: 'boolean',
  duration: 'seconds (number) or a duration string such as "2s"',
  int: 'integer',
  pins: 'list of SHA-256 public-key hashes (64 hex characters)',
  ciphers: 'list of cipher suite names',
  curves: 'list of curve names',
  'tls-version': 'string: "1.2" or "1.3"',
  handshake: 'boolean, "auto" or a duration string',
  certs: 'list of { cert_file, key_file }',
  string: 'string',
  'string-or-list': 'string or list of strings',
  'ocsp-peer': 'boolean or map',
};

/** Headings of the location lists, and what the field does in the block the cursor is in. */
const PLACEMENT_LIST: Record<Placement, string> = {
  error: 'Rejected (nats-server refuses to start) in',
  ignored: 'Ignored in',
  redundant: 'Always on (the setting changes nothing) in',
  'no-op': 'No effect in',
};
const PLACEMENT_HERE: Record<Placement, string> = {
  error: 'rejected: nats-server refuses to start with it turned on',
  ignored: 'nats-server ignores it',
  redundant: 'always on; the setting changes nothing',
  'no-op': 'it has no effect',
};

/** The nine places a nats-server config has a tls block, in table order. */
export const SERVER_LOCATIONS: readonly LocationId[] = [
  'client-port',
  'websocket',
  'mqtt',
  'leafnodes',
  'leafnode-remote',
  'cluster',
  'gateway',
  'gateway-remote',
  'resolver',
];

/** One-line summary for completion details: `boolean · default false · 2.10.0+`. */
export function fieldDetail(f: TlsField): string {
  const parts = [TYPE_TEXT[f.type]];
  if (f.default) parts.push(`default ${f.default}`);
  if (f.since) parts.push(`nats-server ${describeSince(f.since)}+`);
  return parts.join(' · ');
}

/** Markdown documentation of a field; `here` marks the location of the block the cursor is in. */
export function fieldMarkdown(f: TlsField, here?: Location): string {
  const lines: string[] = [];
  lines.push(`**${f.name}**${f.aliases?.length ? ` (also ${f.aliases.map((a) => `\`${a}\``).join(', ')})` : ''} — ${TYPE_TEXT[f.type]}`);
  lines.push('');
  lines.push(f.doc);
  lines.push('');
  const facts: string[] = [];
  facts.push(`- Default: ${f.default ? f.default.replace(/^"(.*)"$/, '`"$1"`') : 'not set'}`);
  facts.push(`- Added in: ${f.since ? `nats-server ${describeSince(f.since)}` : 'every supported nats-server release'}`);
  const used: string[] = [];
  const other = new Map<Placement, string[]>();
  for (const id of SERVER_LOCATIONS) {
    const p = f.placement?.[id];
    const label = `\`${LOCATIONS[id].path}\``;
    if (!p) used.push(label);
    else other.set(p, [...(other.get(p) ?? []), label]);
  }
  facts.push(`- Has effect in: ${used.length === SERVER_LOCATIONS.length ? 'every tls block' : used.join(', ') || 'none'}`);
  for (const [p, where] of other) facts.push(`- ${PLACEMENT_LIST[p]}: ${where.join(', ')}`);
  lines.push(...facts);
  if (here) {
    const p = here.server ? f.placement?.[here.id] : undefined;
    lines.push('');
    lines.push(p ? `Here (\`${here.path}\`, ${here.label}): ${PLACEMENT_HERE[p]}.` : `Here (\`${here.path}\`): used for ${here.label}.`);
  }
  return lines.join('\n');
}
