// The certificate's ASN.1 schema: @peculiar/asn1-x509's classes, with the few places where verification needs
// more than they keep. Go matches issuers by the raw name bytes and hashes the raw TBS and SPKI, so those keep
// their DER (`raw: true` → `issuerRaw` …); OpenSSL prints name values byte by byte, and Go needs an IP SAN's bytes
// and a BIT STRING's padding, so those read the bytes instead of asn1js's decoded text. Every override keeps the
// ASN.1 shape of the class it extends, so the schemas stay the library's.
import { AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, type IAsnConverter } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  Name,
  NameConstraints,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Time,
  Validity,
} from '@peculiar/asn1-x509';
import { CONTENT_BYTES, GO_TIME, WHOLE_BYTES, type AsnNode } from './asn1';
import { latin1 } from './bytes';

// ------------------------------------------------------------------ names

/**
 * An attribute value as OpenSSL prints it and Go reads it: its universal tag and content bytes (one character per
 * byte), and its whole DER. The asn1-x509 member for its string type is set too (or `anyValue` for other types).
 */
export class DerAttributeValue extends AttributeValue {
  /** Universal tag of a primitive value; undefined for anything else. */
  tag: number | undefined = undefined;
  bytes: string | undefined = undefined;
  der: Uint8Array = new Uint8Array(0);
}

const STRING_MEMBERS: Record<number, 'teletexString' | 'printableString' | 'universalString' | 'utf8String' | 'bmpString' | 'ia5String'> = {
  20: 'teletexString',
  19: 'printableString',
  28: 'universalString',
  12: 'utf8String',
  30: 'bmpString',
  22: 'ia5String',
};

/** Reads the value once by its tag (asn1-x509's AttributeValue CHOICE would try each string type in turn). */
const ATTRIBUTE_VALUE: IAsnConverter<AttributeValue> = {
  fromASN: (n) => {
    const node = n as unknown as AsnNode;
    const v = new DerAttributeValue();
    v.der = node.valueBeforeDecodeView;
    if (node.idBlock.tagClass === 1 && !node.idBlock.isConstructed) {
      v.tag = node.idBlock.tagNumber;
      v.bytes = latin1(node.valueBlock.valueHexView ?? new Uint8Array(0));
    }
    const member = v.tag === undefined ? undefined : STRING_MEMBERS[v.tag];
    if (member) v[member] = v.bytes;
    else v.anyValue = v.der.slice().buffer;
    return v;
  },
  toASN: () => {
    throw new Error('read only');
  },
};

export class DerAttributeTypeAndValue extends AttributeTypeAndValue {
  @AsnProp({ type: AsnPropTypes.Any, converter: ATTRIBUTE_VALUE })
  override value: AttributeValue = new DerAttributeValue();
}

@AsnType({ type: AsnTypeTypes.Set, itemType: DerAttributeTypeAndValue })
export class DerRelativeDistinguishedName extends RelativeDistinguishedName {
  constructor(items?: AttributeTypeAndValue[]) {
    super(items);
    Object.setPrototypeOf(this, DerRelativeDistinguishedName.prototype);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: DerRelativeDistinguishedName })
export class DerName extends Name {
  constructor(items?: RelativeDistinguishedName[]) {
    super(items);
    Object.setPrototypeOf(this, DerName.prototype);
  }
}

// ------------------------------------------------------------------ general names (SAN, name constraints)

/** iPAddress as its bytes, one character per byte (asn1-x509 would format it, and drop the length Go checks). */
@AsnType({ type: AsnTypeTypes.Choice })
export class DerGeneralName extends GeneralName {
  @AsnProp({ type: DerName, context: 4, implicit: false })
  override directoryName?: Name = undefined;
}
AsnProp({ type: AsnPropTypes.OctetString, context: 7, implicit: true, converter: CONTENT_BYTES })(DerGeneralName.prototype, 'iPAddress');

export class DerGeneralSubtree extends GeneralSubtree {
  @AsnProp({ type: DerGeneralName })
  override base: GeneralName = new DerGeneralName();
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: DerGeneralSubtree })
export class DerGeneralSubtrees extends GeneralSubtrees {
  constructor(items?: GeneralSubtree[]) {
    super(items);
    Object.setPrototypeOf(this, DerGeneralSubtrees.prototype);
  }
}

export class DerNameConstraints extends NameConstraints {
  @AsnProp({ type: DerGeneralSubtrees, context: 0, optional: true, implicit: true })
  override permittedSubtrees?: GeneralSubtrees = undefined;
  @AsnProp({ type: DerGeneralSubtrees, context: 1, optional: true, implicit: true })
  override excludedSubtrees?: GeneralSubtrees = undefined;
}

// ------------------------------------------------------------------ the certificate

@AsnType({ type: AsnTypeTypes.Choice })
export class DerTime extends Time {}
AsnProp({ type: AsnPropTypes.UTCTime, converter: GO_TIME })(DerTime.prototype, 'utcTime');
AsnProp({ type: AsnPropTypes.GeneralizedTime, converter: GO_TIME })(DerTime.prototype, 'generalTime');

export class DerValidity extends Validity {
  @AsnProp({ type: DerTime })
  override notBefore: Time = new DerTime();
  @AsnProp({ type: DerTime })
  override notAfter: Time = new DerTime();
}

export class DerTBSCertificate extends TBSCertificate {
  @AsnProp({ type: AlgorithmIdentifier, raw: true })
  override signature = new AlgorithmIdentifier();
  @AsnProp({ type: DerName, raw: true })
  override issuer: Name = new DerName();
  @AsnProp({ type: DerValidity })
  override validity: Validity = new DerValidity();
  @AsnProp({ type: DerName, raw: true })
  override subject: Name = new DerName();
  @AsnProp({ type: SubjectPublicKeyInfo, raw: true })
  override subjectPublicKeyInfo = new SubjectPublicKeyInfo();
  signatureRaw?: Uint8Array;
  issuerRaw?: Uint8Array;
  subjectRaw?: Uint8Array;
  subjectPublicKeyInfoRaw?: Uint8Array;
}

export class DerCertificate extends Certificate {
  @AsnProp({ type: DerTBSCertificate, raw: true })
  override tbsCertificate: TBSCertificate = new DerTBSCertificate();
  @AsnProp({ type: AlgorithmIdentifier, raw: true })
  override signatureAlgorithm = new AlgorithmIdentifier();
  signatureAlgorithmRaw?: Uint8Array;
}
AsnProp({ type: AsnPropTypes.BitString, converter: WHOLE_BYTES })(DerCertificate.prototype, 'signatureValue');

// ------------------------------------------------------------------ key and signature parameters

const BIG_INTEGER = { type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter };

/** RFC 5480 ECParameters: only a named curve is read (Go takes nothing else). */
@AsnType({ type: AsnTypeTypes.Choice })
export class EcParameters {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  namedCurve?: string;
}

/** RFC 8017 RSAPublicKey, for the modulus size. */
export class RsaPublicKey {
  @AsnProp(BIG_INTEGER)
  modulus = new ArrayBuffer(0);
  @AsnProp(BIG_INTEGER)
  publicExponent = new ArrayBuffer(0);
}

/** RFC 3279 Dss-Parms, for the size of p. */
export class DssParams {
  @AsnProp(BIG_INTEGER)
  p = new ArrayBuffer(0);
  @AsnProp(BIG_INTEGER)
  q = new ArrayBuffer(0);
  @AsnProp(BIG_INTEGER)
  g = new ArrayBuffer(0);
}

/** RFC 4055 RSASSA-PSS-params (defaults: SHA-1, salt length 20). */
export class RsaPssParams {
  @AsnProp({ type: AlgorithmIdentifier, context: 0, optional: true })
  hashAlgorithm?: AlgorithmIdentifier;
  @AsnProp({ type: AlgorithmIdentifier, context: 1, optional: true })
  maskGenAlgorithm?: AlgorithmIdentifier;
  @AsnProp({ type: AsnPropTypes.Integer, context: 2, optional: true })
  saltLength?: number | string;
  @AsnProp({ type: AsnPropTypes.Integer, context: 3, optional: true })
  trailerField?: number | string;
}

// ------------------------------------------------------------------ private-key shapes (PKCS#8, PKCS#1, SEC1)

/** RFC 5958 EncryptedPrivateKeyInfo. */
export class EncryptedPrivateKeyInfo {
  @AsnProp({ type: AlgorithmIdentifier })
  encryptionAlgorithm = new AlgorithmIdentifier();
  @AsnProp({ type: AsnPropTypes.OctetString })
  encryptedData = new ArrayBuffer(0);
}

/** RFC 5958 OneAsymmetricKey (PKCS#8 v1 and v2). */
export class PrivateKeyInfo {
  @AsnProp({ type: AsnPropTypes.Integer })
  version: number | string = 0;
  @AsnProp({ type: AlgorithmIdentifier })
  privateKeyAlgorithm = new AlgorithmIdentifier();
  @AsnProp({ type: AsnPropTypes.OctetString })
  privateKey = new ArrayBuffer(0);
  // [0] attributes, [1] publicKey: read as whatever follows, as Go's parser does not look at them.
  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  attributes?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  publicKey?: ArrayBuffer;
}

/** RFC 8017 RSAPrivateKey (PKCS#1): a version and eight integers, then optional other primes. */
export class RsaPrivateKey {
  @AsnProp({ type: AsnPropTypes.Integer })
  version: number | string = 0;
}
for (const key of ['modulus', 'publicExponent', 'privateExponent', 'prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient'])
  AsnProp(BIG_INTEGER)(RsaPrivateKey.prototype, key);
AsnProp({ type: AsnPropTypes.Any, optional: true })(RsaPrivateKey.prototype, 'otherPrimeInfos');

/** RFC 5915 ECPrivateKey (SEC1). */
export class EcPrivateKey {
  @AsnProp({ type: AsnPropTypes.Integer })
  version: number | string = 0;
  @AsnProp({ type: AsnPropTypes.OctetString })
  privateKey = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  parameters?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  publicKey?: ArrayBuffer;
}
