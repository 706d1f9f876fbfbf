// The certificate issuer and the config host reader, as the natsTls/* requests use them: a bundle of its own
// (server/out/ca-engine.js), required on first use by loadCaEngine (request-support.ts); nothing imports this
// file statically. @peculiar/x509, reflect-metadata and the ASN.1 schemas are most of its weight (~4 MB of the
// server's resident memory once parsed), and most editing sessions never plan a certificate.
export { hostsInConfig } from '../core/ca/hosts';
export { KEY_CHOICES, loadIssuer } from '../core/ca/profiles';
export { planRenew, renewedKeyFile } from '../core/ca/renew';
export { certNameProblem, emailProblem, hostProblem, planCa, planClient, planMtls, planServer } from '../core/ca/scaffold';

export type CaEngine = typeof import('./ca-engine');
