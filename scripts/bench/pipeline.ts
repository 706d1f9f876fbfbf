// The whole pipeline on one config, as the language server and `nats-tls check` run it: open the document
// (parse, variables, includes), then every check of a Project (syntax, options, TLS, cross-file).
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';

export function checkWhole(text: string, file: string): Finding[] {
  const settings = { ...DEFAULT_SETTINGS, roots: [] };
  const project = new Project(nodeHost({}), () => settings);
  const doc = openDocument(file, text, { languageId: 'nats', ctx: { env: {}, fs: nodeFs, dialect: 'latest' } });
  if (doc) project.set(doc);
  return project.allFindings();
}
