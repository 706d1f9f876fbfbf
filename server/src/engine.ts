// The engine as a library: `require('nats-tls/engine')`. Works without VS Code.
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { analyzeDocument } from './core/analyze';
import type { MapNode } from './core/conf/ast';
import type { Dialect } from './core/conf/parser';
import { openDocument, type DocFormat, type DocRole } from './core/document';
import type { Finding } from './core/types';
import { nodeFs } from './node-fs';
import { isUri } from './uri';

export interface ParseOptions {
  /** A file:// URI or a path; relative includes resolve against its folder. */
  uri?: string;
  /** 'nats', 'yaml' or 'json'; otherwise taken from the file name. */
  languageId?: string;
  /** Environment for `$NAME` references; defaults to this process's environment. */
  env?: Record<string, string | undefined>;
  dialect?: Dialect;
}

export interface ParseResult {
  root: MapNode | undefined;
  errors: Finding[];
  format: DocFormat | undefined;
  role: DocRole | undefined;
}

export function toPath(uri: string | undefined): string {
  if (!uri) return 'untitled:config.conf';
  if (uri.startsWith('file://')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri; // another host's file (outside Windows): named by its URI, like `untitled:`
    }
  }
  return isUri(uri) ? uri : path.resolve(uri);
}

/** Parses a nats-server config (or a YAML/JSON client config) into a tree with 0-based ranges. */
export function parseConfig(text: string, options: ParseOptions = {}): ParseResult {
  const file = toPath(options.uri);
  const doc = openDocument(file, text, {
    ...(options.languageId !== undefined ? { languageId: options.languageId } : {}),
    ctx: { env: options.env ?? process.env, fs: nodeFs, dialect: options.dialect ?? 'latest' },
    forceRole: 'client',
  });
  if (!doc) return { root: undefined, errors: [], format: undefined, role: undefined };
  return { root: doc.root, errors: analyzeDocument(doc), format: doc.format, role: doc.role };
}

export { analyzeDocument, openDocument, nodeFs };
export type { Finding };
