// invalid-value: a TLS field with the wrong type or value, reported with nats-server's own error text.
import type { Entry, ValueNode } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { isOn, type TlsBlock } from '../tls/blocks';
import { checkCipher, cipherNames, curveNames, goNames } from '../tls/ciphers';
import { OCSP_PEER_KEYS, tlsField, type TlsField } from '../tls/fields';
import { issueAt, keyOf, nodeAt, valueAt } from '../tls/issue-at';
import type { TlsModel } from '../tls/model';
import { closest } from '../tls/suggest';
import { availableIn, type Version } from '../tls/versions';
import { excerpt } from '../conf/excerpt';
import { goType } from '../schema/values';

// The micro signs as escapes: a character beyond Latin-1 in a regular expression reaches the bundle as is, and
// makes V8 hold the whole server source two bytes per character (test/unit/bundle-ascii.test.ts).
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/;

export function isGoDuration(s: string): boolean {
  return s === '0' || s === '+0' || s === '-0' || GO_DURATION.test(s);
}

/** Reports at a value, or at an entry's value (or its key, for unknown keys). */
type Report = (at: ValueNode | Entry, reason: string, fix: string, data?: Record<string, unknown>, onKey?: boolean) => void;
type Advise = (at: Entry, message: string) => void;

export function checkTlsValues(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  // `tls: true` or a string where a block belongs: nats-server's option code panics on the type.
  for (const { entry } of model.misshaped) {
    const v = deref(entry.value);
    out.push(
      issueAt(
        valueAt(entry),
        'invalid-value',
        'error',
        rejects(
          `interface conversion: interface {} is ${goType(v)}, not map[string]interface {}`,
          `${entry.key} takes a block: write ${entry.key} { cert_file: "…", key_file: "…" }.`,
        ),
      ),
    );
  }
  for (const block of model.blocks) {
    if (!block.location.server) continue;
    for (const e of block.entries) {
      const f = tlsField(e.name);
      // A key without a value at the block's end takes the whole block (checks/dangling-key.ts).
      if (!f || !availableIn(f.since, model.version) || e.value === undefined) continue;
      // An undefined `$NAME` is undefined-variable's finding alone: there is no value here to judge.
      const d = deref(e.value);
      if (d?.kind === 'variable' && !d.resolved) continue;
      const report: Report = (at, reason, fix, data, onKey) =>
        out.push(
          issueAt(
            at.kind === 'entry' ? (onKey ? keyOf(at) : valueAt(at)) : nodeAt(at),
            'invalid-value',
            'error',
            rejects(reason, fix),
            data,
          ),
        );
      // What nats-server accepts but quietly does not do: a warning that bites at no stage of loading.
      const advise: Advise = (at, message) => {
        const issue = issueAt(valueAt(at), 'invalid-value', 'warning', message);
        issue.stage = 'advice';
        out.push(issue);
      };
      checkField(f, e, block, model.version, report, advise);
    }
  }
  return out;
}

function checkField(f: TlsField, e: Entry, block: TlsBlock, version: Version, report: Report, advise: Advise): void {
  const v = deref(e.value);
  const name = f.name;
  switch (f.type) {
    case 'path':
      if (v?.kind !== 'string')
        return report(e, `error parsing tls config, expected '${name}' to be filename`, 'Give the path as a string, in quotes.');
      // Every release (2.9.10, 2.10.27, 2.15.1) loads `ca_file: ""` and friends: an empty path means "not set".
      if (v.value === '')
        return advise(e, `${name} is empty: nats-server accepts it and treats ${name} as not set. Give a path, or remove the line.`);
      return;
    case 'bool':
      return checkBool(name, e, v, report);
    case 'duration':
      if (v?.kind === 'integer' || v?.kind === 'float') return;
      if (v?.kind === 'string') {
        if (!isGoDuration(v.value))
          report(
            e,
            `error parsing tls config, '${name}' time: invalid duration "${excerpt(v.value)}"`,
            'Write seconds as a number (timeout: 2) or a duration in quotes ("2s", "500ms").',
          );
        return;
      }
      return report(
        e,
        `error parsing tls config, '${name}' wrong type`,
        'Write seconds as a number (timeout: 2) or a duration in quotes ("2s").',
      );
    case 'int':
      if (v?.kind !== 'integer') report(e, `error parsing tls config, '${name}' wrong type`, `Write ${name} as a whole number.`);
      return;
    case 'pins':
      return checkPins(e, v, report);
    case 'ciphers':
      return checkCiphers(e, v, block, version, report);
    case 'curves':
      return checkCurves(e, v, version, report);
    case 'tls-version':
      return checkMinVersion(e, v, report);
    case 'handshake':
      return checkHandshake(e, v, report);
    case 'certs':
      return checkCerts(e, v, report);
    case 'string':
      return checkStoreString(name, e, v, report);
    case 'string-or-list':
      if (v?.kind === 'string') return;
      if (v?.kind === 'array') {
        for (const item of v.items)
          if (deref(item)?.kind !== 'string')
            report(
              item,
              'error parsing ca_cert_match: unsupported type *conf.token where string is expected',
              'Give each CA subject as a string.',
            );
        return;
      }
      // opts.go keeps an empty list for any other type: 2.10.27 and 2.15.1 load `ca_certs_match: 1` and ignore it.
      return advise(
        e,
        `nats-server ignores ca_certs_match unless it is a string or a list of strings: this ${goType(v)} matches no CA, and nats-server loads the config without a word. Give a CA subject string or a list of them.`,
      );
    case 'ocsp-peer':
      return checkOcspPeer(e, v, report);
  }
}

function checkBool(name: string, e: Entry, v: ValueNode | undefined, report: Report): void {
  if (v?.kind === 'bool') return;
  const reason =
    name === 'cert_match_skip_invalid'
      ? `expected 'cert_match_skip_invalid' to be a boolean`
      : `error parsing tls config, expected '${name}' to be a boolean`;
  const quoted = v?.kind === 'string' && /^(true|false|yes|no|on|off)$/i.test(v.value);
  report(
    e,
    reason,
    quoted
      ? `Remove the quotes: nats-server reads "${excerpt((v as { value: string }).value)}" as text, not as a boolean.`
      : 'Write true or false, without quotes.',
    quoted ? { replacement: (v as { value: string }).value.toLowerCase() } : undefined,
  );
}

function checkPins(e: Entry, v: ValueNode | undefined, report: Report): void {
  const what = 'hex-encoded sha256 of DER encoded SubjectPublicKeyInfo';
  if (v?.kind !== 'array')
    return report(
      e,
      `error parsing tls config, expected 'pinned_certs' to be a list of ${what}`,
      'Give a list: pinned_certs: [ "<64 hex characters>" ].',
    );
  for (const item of v.items) {
    const s = deref(item);
    const text = s?.kind === 'string' ? s.value.toLowerCase() : s && 'raw' in s ? String(s.raw) : '';
    if (s?.kind !== 'string' || !/^[a-f0-9]{64}$/.test(text)) {
      report(
        item,
        `error parsing tls config, 'pinned_certs' key ${excerpt(text)} does not look like ${what}`,
        "Each entry is 64 hex characters: the SHA-256 of the certificate's public key (nats-tls inspect shows it).",
      );
    }
  }
}

function checkCiphers(e: Entry, v: ValueNode | undefined, block: TlsBlock, version: Version, report: Report): void {
  if (v?.kind !== 'array')
    return report(
      e,
      `interface conversion: interface {} is ${goType(v)}, not []interface {}`,
      'Give a list: cipher_suites: [ "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" ].',
    );
  if (v.items.length === 0)
    return report(
      e,
      `error parsing tls config, 'cipher_suites' cannot be empty`,
      'List at least one cipher suite, or remove the field to use the defaults.',
    );
  const insecure: string[] = [];
  const newNames = goNames(version);
  for (const item of v.items) {
    const s = deref(item);
    if (s?.kind !== 'string') {
      report(item, `interface conversion: interface {} is ${goType(s)}, not string`, 'Give each cipher suite name as a string.');
      continue;
    }
    const verdict = checkCipher(s.value, version);
    if (!verdict.known) {
      const fix = verdict.renamed
        ? `This nats-server version spells it ${verdict.renamed} (the ChaCha names changed in 2.12).`
        : `Did you mean ${closest(s.value, cipherNames(version).secure)}? Names are Go's, in upper case.`;
      report(item, `unrecognized cipher ${excerpt(s.value)}`, fix, verdict.renamed ? { replacement: verdict.renamed } : undefined);
    } else if (verdict.insecure) insecure.push(s.value);
  }
  if (insecure.length && newNames && !isOn(block.fields.get('allow_insecure_cipher_suites'))) {
    report(
      e,
      `insecure cipher suites configured without 'allow_insecure_cipher_suites' option set: ${insecure.join(', ')}`,
      'Remove them, or add allow_insecure_cipher_suites: true if you really need them.',
    );
  }
}

function checkCurves(e: Entry, v: ValueNode | undefined, version: Version, report: Report): void {
  if (v?.kind !== 'array')
    return report(
      e,
      `interface conversion: interface {} is ${goType(v)}, not []interface {}`,
      'Give a list: curve_preferences: [ "X25519", "CurveP256" ].',
    );
  if (v.items.length === 0)
    return report(
      e,
      `error parsing tls config, 'curve_preferences' cannot be empty`,
      'List at least one curve, or remove the field to use the defaults.',
    );
  const names = curveNames(version);
  for (const item of v.items) {
    const s = deref(item);
    if (s?.kind !== 'string') {
      report(item, `interface conversion: interface {} is ${goType(s)}, not string`, 'Give each curve name as a string.');
      continue;
    }
    if (!names.includes(s.value))
      report(item, `unrecognized curve preference ${excerpt(s.value)}`, `Valid names for this version: ${names.join(', ')} (exact case).`, {
        suggestion: closest(s.value, names),
      });
  }
}

function checkMinVersion(e: Entry, v: ValueNode | undefined, report: Report): void {
  if (v?.kind === 'string') {
    if (v.value === '1.2' || v.value === '1.3') return;
    if (v.value === '1.0' || v.value === '1.1')
      return report(
        e,
        `error parsing tls config: unsupported TLS version: TLS ${excerpt(v.value)}`,
        'TLS 1.2 is the lowest version nats-server supports; use "1.2" or "1.3".',
      );
    return report(e, `error parsing tls config: unknown version: ${excerpt(v.value)}`, 'Use "1.2" or "1.3".');
  }
  const raw = v && 'raw' in v ? String(v.raw) : (v?.kind ?? '');
  report(
    e,
    `error parsing tls config: 'min_version' wrong type: ${excerpt(raw)}`,
    `Quote it: min_version: "${raw === '1.3' || raw === '1.2' ? raw : '1.2'}".`,
    raw === '1.2' || raw === '1.3' ? { replacement: `"${raw}"` } : undefined,
  );
}

function checkHandshake(e: Entry, v: ValueNode | undefined, report: Report): void {
  if (v?.kind === 'bool') return;
  if (v?.kind === 'string') {
    if (/^(true|on|false|off|auto|auto_fallback)$/i.test(v.value) || isGoDuration(v.value)) return;
    return report(
      e,
      `field "${excerpt(e.key)}"'s value "${excerpt(v.value)}" is invalid`,
      'Use true, false, "auto", or a fallback delay such as "300ms".',
    );
  }
  report(
    e,
    `field "${excerpt(e.key)}" should be a boolean or a string, got ${goType(v)}`,
    'Use true, false, "auto", or a fallback delay in quotes such as "300ms" (unquoted 1m is the number one million).',
  );
}

function checkCerts(e: Entry, v: ValueNode | undefined, report: Report): void {
  if (v?.kind !== 'array')
    return report(
      e,
      `error parsing certificates config: unsupported type map[string]interface {}`,
      'Give a list of { cert_file, key_file } maps.',
    );
  for (const item of v.items) {
    const m = deref(item);
    if (m?.kind !== 'map') {
      report(
        item,
        `error parsing certificates config: unsupported type ${goType(m)}`,
        'Each entry is a map { cert_file: "…", key_file: "…" }.',
      );
      continue;
    }
    let cert = false;
    let key = false;
    let unknown = false;
    for (const p of m.entries) {
      if (p.kind !== 'entry') continue;
      const pv = deref(p.value);
      if (pv?.kind !== 'string') {
        report(p, `error parsing certificates config: unsupported type ${goType(pv)}`, 'Give the path as a string, in quotes.');
        continue;
      }
      // Inside certs nats-server compares keys case-sensitively.
      if (p.key === 'cert_file') cert = pv.value !== '';
      else if (p.key === 'key_file') key = pv.value !== '';
      else {
        unknown = true;
        report(
          p,
          `error parsing tls certs config, unknown field "${excerpt(p.key)}"`,
          `Only cert_file and key_file (lower case) are allowed here${p.name === 'cert_file' || p.name === 'key_file' ? `: write ${p.name}` : ''}.`,
          undefined,
          true,
        );
      }
    }
    // nats-server stops at the unknown key; "both required" would only repeat it.
    if (!unknown && (!cert || !key))
      report(
        item,
        `error parsing certificates config: both 'cert_file' and 'cert_key' options are required`,
        'Give both cert_file and key_file in each entry.',
      );
  }
}

const STORES = ['windowscurrentuser', 'windowslocalmachine'];
const MATCH_BY = ['subject', 'issuer', 'thumbprint'];

function checkStoreString(name: string, e: Entry, v: ValueNode | undefined, report: Report): void {
  if (v?.kind !== 'string' || v.value === '')
    return report(e, `expected '${name}' to be a valid non-empty string`, `Give ${name} as a non-empty string.`);
  if (name === 'cert_store' && !STORES.includes(v.value.toLowerCase()))
    report(e, 'cert store type not implemented', 'Use "WindowsCurrentUser" or "WindowsLocalMachine".');
  if (name === 'cert_match_by' && !MATCH_BY.includes(v.value.toLowerCase()))
    report(e, 'cert match by type not implemented', 'Use "Subject", "Issuer" or "Thumbprint".');
}

function checkOcspPeer(e: Entry, v: ValueNode | undefined, report: Report): void {
  if (v?.kind === 'bool') return;
  // opts.go formats the type of the enclosing tls map, not of the value (every release with ocsp_peer, 2.9.21+).
  if (v?.kind !== 'map')
    return report(
      e,
      'error parsing ocsp peer config: unsupported type map[string]interface {}',
      `ocsp_peer takes true, false (no quotes) or a map such as { verify: true }, not a ${goType(v)}.`,
      undefined,
      true,
    );
  for (const p of v.entries) {
    if (p.kind !== 'entry') continue;
    const key = p.name;
    const pv = deref(p.value);
    if (!OCSP_PEER_KEYS.includes(key)) {
      report(
        p,
        `error parsing tls peer config, unknown field ["${excerpt(p.key)}"]`,
        `Did you mean ${closest(p.key, OCSP_PEER_KEYS)}?`,
        undefined,
        true,
      );
    } else if (/^(verify|warn_only|unknown_is_good|allow_when_ca_unreachable)$/.test(key) && pv?.kind !== 'bool') {
      // nats-server reuses its "unknown field" text for a wrongly typed boolean here.
      report(p, `error parsing tls peer config, unknown field ["${excerpt(p.key)}"]`, 'Write true or false, without quotes.');
    } else if (
      /timeout|clockskew|ttl/.test(key) &&
      !(pv?.kind === 'integer' || pv?.kind === 'float' || (pv?.kind === 'string' && isGoDuration(pv.value)))
    ) {
      report(
        p,
        'error parsing tls peer config, conversion error: unexpected type',
        'Give seconds as a number, or a duration string such as "2s".',
      );
    }
  }
}
