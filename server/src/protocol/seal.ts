// Private keys that the language server generates travel to the client sealed, so that no log of the JSON-RPC
// traffic (`natsTls.trace.server: verbose` writes every response to the output channel) ever holds key
// material. The client makes a one-time X25519 key pair per command and sends its public half (`recipient`);
// the server seals each key file to it with a fresh ephemeral key (ECDH, HKDF-SHA256, AES-256-GCM). Only
// node:crypto: both ends run on Node.
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

const SCHEME = 'x25519-hkdf-sha256-aes256gcm';
const INFO = Buffer.from('nats-tls sealed file v1');

/** The receiving end: `recipient` goes into the request, `open` turns a sealed file back into its text. */
export interface Opener {
  recipient: string;
  open(sealed: string): string;
}

function publicKeyOf(b64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'x25519') throw new Error('the recipient is not an X25519 public key');
  return key;
}

const spki = (key: KeyObject): string => key.export({ type: 'spki', format: 'der' }).toString('base64');

/** Both public keys are bound into the derived key, so a sealed file only opens for the exchange it was made in. */
function derive(shared: Buffer, ephemeral: string, recipient: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(`${ephemeral}.${recipient}`), INFO, 32));
}

export function createOpener(): Opener {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const recipient = spki(publicKey);
  return {
    recipient,
    open(sealed: string): string {
      const [scheme, ephemeral, iv, body, tag, ...rest] = sealed.split('.');
      if (scheme !== SCHEME || !ephemeral || !iv || body === undefined || !tag || rest.length)
        throw new Error('the server sent a key file that is not sealed as expected');
      const key = derive(diffieHellman({ privateKey, publicKey: publicKeyOf(ephemeral) }), ephemeral, recipient);
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
    },
  };
}

/** Seals `text` for the holder of `recipient` (base64 SPKI of an X25519 public key). */
export function seal(text: string, recipient: string): string {
  const peer = publicKeyOf(recipient);
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const ephemeral = spki(publicKey);
  const key = derive(diffieHellman({ privateKey, publicKey: peer }), ephemeral, recipient);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return [SCHEME, ephemeral, iv.toString('base64'), body.toString('base64'), c.getAuthTag().toString('base64')].join('.');
}
