// Reads a certificate/key/CA file the way nats-server's Go code does (encoding/pem.Decode): which blocks it
// sees, which it skips, and what is in them. Pure, linear in the file size, and never throws.
import { parseCertificate } from './cert';
import { view } from './bytes';
import { isDerKey, parseKey } from './key';
import type { PemFile } from './model';

// Loading and caching live in load.ts; re-exported so callers can import the file API from one place.
export { isFileFailure, loadPemFile, PemCache } from './load';

export interface PemMeta {
  path: string;
  size: number;
  mtimeMs: number;
  mode?: number;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

/** Go's getLine: the line without its newline, one '\r' before it, and trailing spaces/tabs. */
function lineAt(text: string, start: number, end: number): string {
  let e = end;
  if (e > start && text.charCodeAt(e - 1) === 13) e--;
  while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  return text.slice(start, e);
}

/** Certificate, key and CA file contents as nats-server will see them. */
export function parsePemFile(bytes: Uint8Array, meta: PemMeta): PemFile {
  const file: PemFile = {
    path: meta.path,
    size: meta.size,
    mtimeMs: meta.mtimeMs,
    mode: meta.mode,
    blocks: [],
    certs: [],
    keys: [],
    der: undefined,
    badCerts: [],
  };
  try {
    scan(bytes, file);
    if (file.blocks.length === 0 && file.badCerts.length === 0 && bytes[0] === 0x30) file.der = detectDer(bytes);
  } catch {
    // Parsing must never take the caller down; whatever was read so far stands.
  }
  return file;
}

function detectDer(bytes: Uint8Array): PemFile['der'] {
  if (parseCertificate(bytes, 0, 0).ok) return 'certificate';
  return isDerKey(bytes) ? 'key' : undefined;
}

function scan(bytes: Uint8Array, file: PemFile): void {
  const text = view(bytes).toString('latin1');
  if (!text.includes(BEGIN)) return;
  // Line table; a final newline does not start another line (Go stops when nothing is left).
  const starts: number[] = [];
  for (let p = 0; p < text.length;) {
    starts.push(p);
    const nl = text.indexOf('\n', p);
    p = nl === -1 ? text.length : nl + 1;
  }
  const n = starts.length;
  const lineEnd = (i: number): number => (i + 1 < n ? starts[i + 1]! - 1 : text.endsWith('\n') ? text.length - 1 : text.length);
  const line = (i: number): string => lineAt(text, starts[i]!, lineEnd(i));
  // The next BEGIN/END line at or after each line: with these the scan stays linear however blocks are broken.
  const nextBegin = new Int32Array(n + 1).fill(n);
  const nextEnd = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    const dash = text.charCodeAt(starts[i]!) === 45;
    nextBegin[i] = dash && text.startsWith(BEGIN, starts[i]!) ? i : nextBegin[i + 1]!;
    nextEnd[i] = dash && text.startsWith(END, starts[i]!) ? i : nextEnd[i + 1]!;
  }
  // Lines with characters a base64 body cannot have, as a prefix sum: a body is then rejected in O(1).
  const badBefore = new Int32Array(n + 1);
  const notBase64 = /[^A-Za-z0-9+/=\r\n \t]/g;
  let li = 0;
  while (notBase64.test(text)) {
    const at = notBase64.lastIndex - 1;
    while (li + 1 < n && starts[li + 1]! <= at) li++;
    badBefore[li + 1] = 1;
    if (li + 1 >= n) break;
    notBase64.lastIndex = starts[li + 1]!; // one hit per line is enough
  }
  for (let i = 0; i < n; i++) badBefore[i + 1]! += badBefore[i]!;

  let i = 0;
  while (i < n) {
    const k = nextBegin[i]!;
    if (k >= n) return;
    const typeLine = line(k);
    if (!typeLine.endsWith(DASHES) || typeLine.length < BEGIN.length + DASHES.length) {
      i = k + 1;
      continue;
    }
    const label = typeLine.slice(BEGIN.length, typeLine.length - DASHES.length);
    const headers: Record<string, string> = {};
    let j = k + 1;
    let hasHeaders = false;
    for (; j < n; j++) {
      const l = line(j);
      const colon = l.indexOf(':');
      if (colon === -1) break;
      headers[l.slice(0, colon).trim()] = l.slice(colon + 1).trim();
      hasHeaders = true;
    }
    if (j >= n) return; // Go gives up on the whole input here
    // Without headers the END line may follow at once; otherwise it must come after a newline.
    const m = nextEnd[hasHeaders ? j + 1 : j]!;
    const isCert = label === 'CERTIFICATE';
    const broken = (why: string): void => {
      if (isCert) file.badCerts.push({ line: k, error: `nats-server skips this block: ${why}` });
      i = j;
    };
    if (m >= n) {
      broken(`no "-----END ${label}-----" line`);
      continue;
    }
    if (line(m) !== END + label + DASHES) {
      broken(`"${line(m).slice(0, 60)}" does not close "-----BEGIN ${label}-----"`);
      continue;
    }
    if (badBefore[m]! - badBefore[j]! !== 0) {
      broken('its body is not base64');
      continue;
    }
    // Go's decoder: whole 4-character groups, '=' padding only at the very end.
    const bodyStart = starts[j]!;
    const bodyEnd = m > j ? lineEnd(m - 1) : bodyStart;
    const body = text.slice(bodyStart, bodyEnd);
    let chars = body.length - Math.max(0, m - 1 - j); // minus the newlines between body lines
    if (body.includes('\r') || body.includes(' ') || body.includes('\t')) {
      chars = 0;
      for (let p = 0; p < body.length; p++) {
        const ch = body.charCodeAt(p);
        if (ch !== 10 && ch !== 13 && ch !== 32 && ch !== 9) chars++;
      }
    }
    const eq = body.indexOf('=');
    if (chars % 4 !== 0 || (eq !== -1 && !/^=[\r\n \t]*(?:=[\r\n \t]*)?$/.test(body.slice(eq)))) {
      broken('its base64 is truncated or padded wrongly');
      continue;
    }
    const der = Buffer.from(body, 'base64');
    file.blocks.push({ label, line: k });
    if (isCert) {
      const r = parseCertificate(der, file.certs.length, k);
      if (r.ok) file.certs.push(r.cert);
      else file.badCerts.push({ line: k, error: r.error });
    } else if (label === 'PRIVATE KEY' || label.endsWith(' PRIVATE KEY')) {
      file.keys.push(parseKey(label, headers, der, k));
    }
    i = m + 1;
  }
}
