// conflicting-fields, missing-key-file, missing-cert-file: the certificate sources of a block must be one
// cert_file + key_file pair, or certs, or cert_store (nats-server's parseTLS and GenTLSConfig).
import { rejects, type SourceIssue } from '../conf/issue';
import type { Entry } from '../conf/ast';
import { valueOf } from '../tls/blocks';
import { tlsField } from '../tls/fields';
import { availableIn } from '../tls/versions';
import { issueAt, keyOf } from '../tls/issue-at';
import type { TlsModel } from '../tls/model';

function later(a: Entry, b: Entry): Entry {
  return a.src === b.src ? (a.start > b.start ? a : b) : b;
}

function nonEmpty(e: Entry | undefined): boolean {
  const v = valueOf(e);
  return !!e && !(v?.kind === 'string' && v.value === '');
}

export function checkTlsPairing(model: TlsModel, platform = 'win32'): SourceIssue[] {
  const out: SourceIssue[] = [];
  // A field the target release does not know fails as an unknown field first (measured: 2.9.10 says
  // `unknown field ["certs"]` for cert_file + certs); the conflict is never reached.
  const known = (e: Entry | undefined): Entry | undefined => (e && availableIn(tlsField(e.name)?.since, model.version) ? e : undefined);
  for (const block of model.blocks) {
    const f = block.fields;
    const cert = f.get('cert_file');
    const key = f.get('key_file');
    const certs = known(f.get('certs') ?? f.get('certificates'));
    // Off Windows nats-server stops at cert_store itself ("not compatible with current operating system",
    // measured on 2.10.27 and 2.15.1), before it compares it with cert_file: tls-placement.ts says so.
    const store = platform === 'win32' ? known(f.get('cert_store')) : undefined;
    const storeWritten = f.get('cert_store');
    const server = block.location.server;
    if (server && cert && certs) {
      out.push(
        issueAt(
          keyOf(later(cert, certs)),
          'conflicting-fields',
          'error',
          rejects(
            "error parsing tls config, cannot combine 'cert_file' option with 'certs' option",
            'Keep either cert_file/key_file or certs.',
          ),
          { with: cert === later(cert, certs) ? 'certs' : 'cert_file' },
        ),
      );
    }
    if (server && cert && store) {
      out.push(
        issueAt(
          keyOf(later(cert, store)),
          'conflicting-fields',
          'error',
          rejects("'cert_file' and 'cert_store' may not both be configured", 'Keep either cert_file/key_file or cert_store.'),
        ),
      );
    }
    // In client configs, a certificate without a key (or the reverse) is as useless as on a server.
    const where = server ? '' : ' The client cannot present a certificate without both.';
    if (nonEmpty(cert) && !nonEmpty(key) && !(server && storeWritten)) {
      out.push(
        issueAt(
          block.anchor,
          'missing-key-file',
          'error',
          server
            ? rejects("missing 'key_file' in TLS configuration", 'Add key_file with the private key for cert_file.')
            : `cert_file is set but key_file is missing.${where}`,
          { field: 'key_file' },
        ),
      );
    }
    if (nonEmpty(key) && !nonEmpty(cert)) {
      out.push(
        issueAt(
          block.anchor,
          'missing-cert-file',
          'error',
          server
            ? rejects("missing 'cert_file' in TLS configuration", 'Add cert_file with the certificate for key_file.')
            : `key_file is set but cert_file is missing.${where}`,
          { field: 'cert_file' },
        ),
      );
    }
  }
  return out;
}
