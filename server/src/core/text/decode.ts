// ignoreBOM keeps a leading BOM in the text: nats-server reads it as part of the first key.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes file bytes as nats-server does: UTF-8, invalid bytes as U+FFFD, a BOM kept. */
export function decodeConfig(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
