// ignoreBOM keeps a leading BOM in the text: nats-server reads it as part of the first key.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes file bytes as nats-server does: UTF-8, invalid bytes as U+FFFD, a BOM kept. */
export function decodeConfig(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** True when the bytes hold a NUL in their first 8 KiB: binary, not text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
