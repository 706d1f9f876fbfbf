// WebCrypto's types, from Node's own declarations: the engine is built without the DOM library.
import type { webcrypto } from 'node:crypto';

export type Crypto = webcrypto.Crypto;
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export type Algorithm = webcrypto.Algorithm;
export type EcKeyGenParams = webcrypto.EcKeyGenParams;
export type EcdsaParams = webcrypto.EcdsaParams;
export type RsaHashedKeyGenParams = webcrypto.RsaHashedKeyGenParams;
export type RsaHashedKeyAlgorithm = webcrypto.RsaHashedKeyAlgorithm;
