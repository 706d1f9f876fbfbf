// Every diagnostic code the engine emits: its usual severity, when the problem bites (its stage) and a short
// title. A finding takes its stage from here unless it says otherwise (test/unit/codes.test.ts keeps the
// registry complete).

/**
 * When a problem bites:
 * - `load`: `nats-server -t` fails (the server refuses the config, or prints a warning, which -t treats as failure);
 * - `connect`: the server starts, but connections or TLS handshakes fail;
 * - `advice`: it works, but it is risky or not what was meant.
 */
export type Stage = 'load' | 'connect' | 'advice';

export interface CodeInfo {
  severity: 'error' | 'warning' | 'information' | 'hint';
  stage: Stage;
  title: string;
}

const C = (severity: CodeInfo['severity'], stage: Stage, title: string): CodeInfo => ({ severity, stage, title });

export const CODES = {
  // Parsing (nats-server's grammar)
  'syntax-error': C('error', 'load', 'nats-server cannot parse the config'),
  'yaml-style-block': C('error', 'load', 'An indented YAML-style block where nats-server expects { … }'),
  'unquoted-dot-value': C('error', 'load', 'An unquoted value starting with a dot'),
  'undefined-variable': C('error', 'load', 'A $NAME that is neither defined nor in the environment'),
  'include-not-found': C('error', 'load', 'An include file nats-server cannot open'),
  'include-cycle': C('error', 'load', 'Include files that include each other'),
  'too-many-includes': C('error', 'advice', 'More includes than nats-tls follows'),
  'config-too-large': C('error', 'advice', 'A config larger than nats-tls reads (nats-server reads it)'),
  'include-fan-out': C('warning', 'advice', 'Includes that make nats-server read the same files many times'),
  'too-deep': C('warning', 'advice', 'Nesting deeper than nats-tls reads'),
  'unit-trap': C('warning', 'advice', 'A number whose unit suffix does not mean what it seems'),
  'empty-config': C('warning', 'load', 'A config with no values'),
  'byte-order-mark': C('error', 'load', 'A byte-order mark that becomes part of the first key'),
  'key-without-value': C('warning', 'advice', 'A key without a value: nats-server files the next value under it'),
  'templated-config': C('information', 'advice', 'A template (Helm, Jinja, ERB): its template regions are not checked'),
  'internal-error': C('information', 'advice', 'nats-tls hit an internal error in a check'),
  // Options (the schema table and the TLS fields)
  'unknown-field': C('error', 'load', 'An option nats-server does not know here'),
  'client-auth-field': C('error', 'load', 'client_auth in a tls block: mutual TLS is verify: true'),
  'invalid-value': C('error', 'load', 'A value nats-server refuses for this option'),
  'field-not-allowed-here': C('warning', 'advice', 'A TLS field rejected, ignored or redundant in this block'),
  'field-not-in-version': C('error', 'load', 'An option newer than the target nats-server'),
  'conflicting-fields': C('error', 'load', 'Options nats-server refuses together'),
  'deprecated-field': C('warning', 'advice', 'An option nats-server ignores or warns about'),
  'unknown-account': C('error', 'load', 'An import, export or user naming an account that is not defined'),
  'import-not-exported': C('error', 'load', 'An import no export of the source account grants'),
  'duplicate-user': C('error', 'load', 'The same user or nkey defined twice'),
  'missing-key-file': C('error', 'load', 'cert_file without key_file'),
  'missing-cert-file': C('error', 'load', 'key_file without cert_file'),
  'no-certificate': C('warning', 'connect', 'A TLS listener without a certificate'),
  'verify-without-ca': C('warning', 'advice', 'verify without ca_file: clients are checked against the system roots'),
  'ca-file-unused': C('warning', 'advice', 'A ca_file that is never used'),
  'insecure-skip-verify': C('warning', 'advice', 'insecure: true skips certificate verification'),
  // Certificate, key and CA files
  'file-not-found': C('error', 'load', 'A file the config names does not exist'),
  'file-unreadable': C('error', 'load', 'A file the config names cannot be read'),
  'not-pem': C('error', 'load', 'A file that is not PEM'),
  'wrong-pem-type': C('error', 'load', 'A PEM block of the wrong type'),
  'pem-swapped': C('error', 'load', 'cert_file and key_file swapped'),
  'encrypted-key': C('error', 'load', 'An encrypted private key'),
  'key-mismatch': C('error', 'load', 'A key that does not belong to the certificate'),
  'chain-order': C('error', 'load', 'Certificates of a chain in the wrong order'),
  'key-permissions': C('warning', 'advice', 'A private key readable by others'),
  'cert-expired': C('error', 'connect', 'An expired certificate'),
  'cert-not-yet-valid': C('error', 'connect', 'A certificate that is not valid yet'),
  'cert-expiring': C('warning', 'advice', 'A certificate that expires soon'),
  'no-san': C('error', 'connect', 'A server certificate without subject alternative names'),
  'missing-server-auth': C('error', 'connect', 'A server certificate without serverAuth usage'),
  'missing-client-auth': C('error', 'connect', 'A certificate used as a client without clientAuth usage'),
  'weak-key': C('warning', 'advice', 'A weak key'),
  'weak-signature': C('warning', 'advice', 'A weak signature algorithm'),
  'ca-not-ca': C('information', 'advice', 'A certificate in ca_file that is not a CA'),
  'untrusted-chain': C('error', 'connect', 'A certificate its peers do not trust'),
  // Across files
  'peer-untrusted': C('error', 'connect', 'A client certificate the server does not trust'),
  'host-mismatch': C('error', 'connect', 'A server certificate without the host clients dial'),
  // Identity and topology (verify_and_map, pins, the links between the workspace's servers)
  'cert-maps-to-no-user': C('error', 'connect', 'A certificate verify_and_map maps to no user'),
  'pin-mismatch': C('error', 'connect', 'A certificate the verifying side has not pinned'),
  'user-unmapped': C('information', 'advice', 'A user no client certificate in the workspace maps to'),
  'link-tls-mismatch': C('error', 'connect', 'A route or gateway with TLS on one side only'),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}

/** The stage of a code; unknown codes count as load problems (the safe side for `-t`). */
export function stageOf(code: string): Stage {
  return codeInfo(code)?.stage ?? 'load';
}
