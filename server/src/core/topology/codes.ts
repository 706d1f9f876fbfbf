// The diagnostic codes identity and topology add, with when each bites (its stage), in the shape of the
// code registry (core/codes.ts, coming with the option schema): entries to merge there. Existing codes these
// checks also report on links (peer-untrusted, host-mismatch, missing-client-auth, missing-server-auth) keep
// their registry entries; an unpaired route's host-mismatch is a warning (an assumption).

export type Stage = 'load' | 'connect' | 'advice';

export interface CodeInfo {
  severity: 'error' | 'warning' | 'information' | 'hint';
  stage: Stage;
  title: string;
}

export const TOPOLOGY_CODES = {
  'cert-maps-to-no-user': { severity: 'error', stage: 'connect', title: 'A certificate verify_and_map maps to no user' },
  'pin-mismatch': { severity: 'error', stage: 'connect', title: 'A certificate the verifying side has not pinned' },
  'user-unmapped': { severity: 'information', stage: 'advice', title: 'A user no client certificate in the workspace maps to' },
  'link-tls-mismatch': { severity: 'error', stage: 'connect', title: 'A route or gateway with TLS on one side only' },
} as const satisfies Record<string, CodeInfo>;
