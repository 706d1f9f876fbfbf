// Byte formatting shared by the certificate and key readers: hex as OpenSSL prints it, integer sizes.

/** A Buffer over the same memory (no copy), for node's native hex/latin1/utf8 decoders. */
export function view(bytes: Uint8Array, start = 0, end = bytes.length): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
}

export function hex(bytes: Uint8Array, sep = ''): string {
  const h = view(bytes).toString('hex');
  return sep ? h.replace(/(..)(?!$)/g, `$1${sep}`) : h;
}

/** INTEGER content as `openssl -serial` prints it: upper-case magnitude, '-' for negatives, '00' for zero. */
export function integerHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '00';
  if (bytes[0]! & 0x80) {
    // Two's complement negative: print the magnitude.
    const mag = new Uint8Array(bytes.length);
    let borrow = 1;
    for (let i = bytes.length - 1; i >= 0; i--) {
      const v = (~bytes[i]! & 0xff) + borrow;
      mag[i] = v & 0xff;
      borrow = v >> 8;
    }
    return '-' + integerHex(mag);
  }
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return hex(bytes.subarray(i)).toUpperCase();
}

/** Bit length of an unsigned big-endian integer (leading zero bytes ignored). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** One character per byte: how Go's []byte-to-string keeps names, and how OpenSSL prints them byte by byte. */
export const latin1 = (bytes: Uint8Array): string => view(bytes).toString('latin1');
