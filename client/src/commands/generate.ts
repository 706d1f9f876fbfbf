// "Generate Test CA…", "Generate Server Certificate…", "Generate Client Certificate…" and "Set Up Mutual
// TLS…": ask, let the engine plan the files (server/src/core/ca/scaffold.ts), write them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LOOPBACK_HOSTS, TEST_NAME_CONSTRAINTS, type KeyChoice } from '../../../server/src/core/ca/profiles';
import { hostsInConfig } from '../../../server/src/core/ca/hosts';
import {
  certNameProblem,
  emailProblem,
  hostProblem,
  MTLS_CLIENTS,
  MTLS_SERVER,
  planCa,
  planClient,
  planMtls,
  planServer,
} from '../../../server/src/core/ca/scaffold';
import type { ConfigDoc } from '../../../server/src/core/document';
import { insertEntryAfter, stringLiteral } from '../../../server/src/core/edits/fields';
import { nodeAt } from '../../../server/src/core/locate';
import type { GenerateCertificateArgs } from '../../../server/src/lsp/code-actions';
import { renamePlanned } from '../write-files';
import {
  activeServerConfig,
  exists,
  isLocal,
  openServerConfig,
  orCancel,
  pickCa,
  pickFolder,
  reportWritten,
  runFlow,
  shown,
  splitByDir,
  suggestFolders,
  toUri,
  writeBatches,
  type Services,
  type UriBatch,
} from './shared';

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !(v instanceof vscode.Uri) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

const CONSTRAINED = 'Limited to local test names';
const UNCONSTRAINED = 'Any name';

async function askConstraints(title: string): Promise<boolean> {
  const items = [
    {
      label: CONSTRAINED,
      description: TEST_NAME_CONSTRAINTS.permitted.join(', '),
      detail: 'Recommended: if the CA key leaks, it still cannot vouch for real hosts.',
      value: true,
    },
    {
      label: UNCONSTRAINED,
      description: 'no name constraints',
      detail: 'The CA can sign certificates for any host name, e.g. nats.example.com.',
      value: false,
    },
  ];
  return orCancel(
    await vscode.window.showQuickPick(items, { title, placeHolder: 'Which names may this CA vouch for?', ignoreFocusOut: true }),
  ).value;
}

async function askName(title: string, value: string, prompt: string): Promise<string> {
  const name = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => certNameProblem(v.trim()),
  });
  return orCancel(name).trim();
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function hostListProblem(text: string): string | undefined {
  const hosts = splitList(text);
  if (!hosts.length) return 'a server certificate needs at least one host name or IP address';
  for (const h of hosts) {
    const p = hostProblem(h);
    if (p) return p;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ CA

export async function generateTestCa(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  return runFlow(services, { name: 'Generate Test CA', trusted: true }, async (title) => {
    const a = obj(arg);
    const folder = toUri(a.folder) ?? (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder(title, suggestFolders()));
    const nameConstraints = typeof a.nameConstraints === 'boolean' ? a.nameConstraints : await askConstraints(title);
    const plan = await planCa({
      now: services.now(),
      nameConstraints,
      ...(typeof a.name === 'string' && a.name.trim() ? { name: a.name.trim() } : {}),
      ...(typeof a.key === 'string' ? { key: a.key as KeyChoice } : {}),
    });
    const written = await writeBatches(services, [{ dir: folder, files: plan.files }]);
    const ca = plan.certificates[0]!;
    reportWritten(services, `Wrote test CA "${ca.subject.replace(/^CN=/, '')}" (ca.pem, ca-key.pem) to ${shown(folder)}.`, written, plan, [
      {
        title: 'Generate Server Certificate…',
        run: () => vscode.commands.executeCommand('natsTls.generateServerCertificate', { ca: folder }),
      },
    ]);
    return folder;
  });
}

// ------------------------------------------------------------------------------------------ server

/** `path` as a config would write it: relative to the config's folder when it is near, else absolute. */
function pathFromConfig(config: vscode.Uri, target: vscode.Uri): string {
  const rel = path.relative(path.dirname(config.fsPath), target.fsPath);
  const near = !path.isAbsolute(rel) && !rel.startsWith(`..${path.sep}..${path.sep}`);
  return (near ? rel : target.fsPath).split(path.sep).join('/');
}

function fileTarget(config: vscode.Uri, f: { written: string; resolved?: string } | undefined): vscode.Uri | undefined {
  if (!f) return undefined;
  if (f.resolved) return vscode.Uri.file(f.resolved);
  if (!f.written || f.written.startsWith('$') || !isLocal(config)) return undefined;
  return vscode.Uri.file(path.resolve(path.dirname(config.fsPath), f.written));
}

const stemOf = (file: string): string =>
  path
    .basename(file)
    .replace(/\.(pem|crt|cer)$/i, '')
    .replace(/[-_.]cert$/i, '');

/** Inserts the cert_file/key_file lines a block lacks, after its last entry (the engine's own edit). */
async function addToBlock(config: vscode.Uri, blockStart: vscode.Position, lines: [string, string][]): Promise<boolean> {
  const doc = await openServerConfig(config);
  if (!doc) return false;
  const at = nodeAt(doc.root, doc.src.lines.offset(blockStart));
  const map = at.entry?.value?.kind === 'map' ? at.entry.value : undefined;
  const own = map?.entries.filter((e) => e.kind === 'entry' && e.src === doc.src);
  const last = own?.[own.length - 1];
  if (!last || last.kind !== 'entry') return false;
  const edits = lines.map(([k, v]) => insertEntryAfter(doc, last, k, stringLiteral(doc, v)));
  const textDoc = await vscode.workspace.openTextDocument(config);
  if (textDoc.getText() !== doc.src.text) return false;
  const edit = new vscode.WorkspaceEdit();
  const pos = textDoc.positionAt(edits[0]!.start);
  edit.insert(config, pos, edits.map((e) => e.newText).join(''));
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok) await vscode.window.showTextDocument(textDoc, { selection: new vscode.Range(pos, pos), preview: false });
  return ok;
}

function isCodeActionArgs(v: unknown): v is GenerateCertificateArgs {
  const a = obj(v);
  return typeof a.uri === 'string' && !!a.block && typeof a.block === 'object';
}

export async function generateServerCertificate(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Generate Server Certificate', trusted: true }, async (title) => {
    const fromBlock = isCodeActionArgs(arg) ? arg : undefined;
    const a = fromBlock ? {} : obj(arg);
    // The config whose hosts become SANs: the code action's, the one given, or the active editor's.
    let config: { uri: vscode.Uri; doc: ConfigDoc | undefined } | undefined;
    const configUri = fromBlock ? vscode.Uri.parse(fromBlock.uri, true) : toUri(a.config);
    if (configUri) config = { uri: configUri, doc: await openServerConfig(configUri) };
    else config = await activeServerConfig();

    const certTarget = fromBlock && config ? fileTarget(config.uri, fromBlock.certFile) : undefined;
    const keyTarget = fromBlock && config ? fileTarget(config.uri, fromBlock.keyFile) : undefined;
    const caFile = fromBlock && config ? fileTarget(config.uri, fromBlock.caFile) : undefined;
    const { ca, issuer } = await pickCa(title, {
      ...(toUri(a.ca) ? { given: toUri(a.ca)! } : {}),
      ...(caFile ? { prefer: vscode.Uri.joinPath(caFile, '..') } : {}),
    });

    const defaultName = certTarget && !certNameProblem(stemOf(certTarget.path)) ? stemOf(certTarget.path) : 'server';
    const name =
      typeof a.name === 'string'
        ? a.name
        : await askName(title, defaultName, 'Certificate name: the CN, and the file names <name>.pem and <name>-key.pem');
    const nameProblem = certNameProblem(name);
    if (nameProblem) throw new Error(nameProblem);

    const found = config?.doc ? hostsInConfig(config.doc) : [];
    let hosts = strings(a.hosts);
    if (!hosts) {
      const proposed = [...new Set([...LOOPBACK_HOSTS, ...found.map((f) => f.host)])];
      const from = found.length ? `, from ${path.basename(config!.uri.path)}: ${found.map((f) => `${f.host} (${f.from})`).join(', ')}` : '';
      hosts = splitList(
        orCancel(
          await vscode.window.showInputBox({
            title,
            prompt: `Host names and IP addresses clients dial, separated by commas (proposed: localhost, 127.0.0.1, ::1${from})`,
            value: proposed.join(', '),
            ignoreFocusOut: true,
            validateInput: hostListProblem,
          }),
        ),
      );
    }
    // Hosts from an argument skipped the input box: refuse them as it would (an empty list before the CA's
    // checks, "bad host!" by its bad part) rather than with planServer's messages.
    const hostProblemText = hostListProblem(hosts.join(','));
    if (hostProblemText) throw new Error(hostProblemText);

    const plan = await planServer(issuer, { now: services.now(), name, hosts, loopback: false });
    if (found.length) plan.notes.push(`hosts proposed from ${shown(config!.uri)}: ${found.map((f) => `${f.host} (${f.from})`).join(', ')}`);

    // Where the files go: the paths the block already names, else a folder the user picks.
    let batches: UriBatch[];
    if (certTarget) {
      const keyUri = keyTarget ?? vscode.Uri.joinPath(certTarget, '..', `${stemOf(certTarget.path)}-key.pem`);
      const renamed = renamePlanned(plan.files, { certificate: path.basename(certTarget.path), key: path.basename(keyUri.path) });
      batches = splitByDir(renamed, vscode.Uri.joinPath(certTarget, '..'), vscode.Uri.joinPath(keyUri, '..'));
    } else {
      const folder =
        toUri(a.folder) ??
        (await pickFolder(
          title,
          suggestFolders({ first: [{ uri: ca.folder, why: 'with the CA' }], ...(config ? { config: config.uri } : {}) }),
        ));
      batches = [{ dir: folder, files: plan.files }];
    }
    const written = await writeBatches(services, batches);
    // writeBatches returns the files in plan order.
    const order = batches.flatMap((b) => b.files);
    const certUri = written[order.findIndex((f) => f.kind === 'certificate')]!;
    const keyUri = written[order.findIndex((f) => f.kind === 'key')]!;

    const extra: { title: string; run: () => unknown }[] = [];
    if (fromBlock && config && isLocal(config.uri)) {
      const missing: [string, string][] = [];
      if (!fromBlock.certFile) missing.push(['cert_file', pathFromConfig(config.uri, certUri)]);
      if (!fromBlock.keyFile) missing.push(['key_file', pathFromConfig(config.uri, keyUri)]);
      if (missing.length) {
        const start = new vscode.Position(fromBlock.block.range.start.line, fromBlock.block.range.start.character);
        extra.push({
          title: `Add ${missing.map(([k]) => k).join(' and ')} to ${fromBlock.block.path}`,
          run: async () => {
            if (!(await addToBlock(config!.uri, start, missing))) {
              await vscode.env.clipboard.writeText(missing.map(([k, v]) => `${k}: "${v}"`).join('\n'));
              void vscode.window.showInformationMessage(
                `NATS: ${fromBlock.block.path} changed or has no entry to add after; the lines are on the clipboard.`,
              );
            }
          },
        });
      }
    }
    if (config && !fromBlock)
      extra.push({ title: `Open ${path.basename(config.uri.path)}`, run: () => vscode.window.showTextDocument(config!.uri) });
    const c = plan.certificates[0]!;
    reportWritten(
      services,
      `Wrote ${written.map((w) => path.basename(w.path)).join(' and ')} for ${c.names.join(', ')}, signed by ${shown(ca.cert)}.`,
      written,
      plan,
      extra,
    );
    return written;
  });
}

// ------------------------------------------------------------------------------------------ client

export async function generateClientCertificate(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Generate Client Certificate', trusted: true }, async (title) => {
    const a = obj(arg);
    const { ca, issuer } = await pickCa(title, toUri(a.ca) ? { given: toUri(a.ca)! } : {});
    let defaultName: string = MTLS_CLIENTS[0];
    for (const n of MTLS_CLIENTS) {
      defaultName = n;
      if (!(await exists(vscode.Uri.joinPath(ca.folder, `${n}.pem`)))) break;
    }
    const name =
      typeof a.name === 'string'
        ? a.name
        : await askName(
            title,
            defaultName,
            "Client name: the certificate's CN (the identity verify_and_map and users see), and its file names",
          );
    const nameProblem = certNameProblem(name);
    if (nameProblem) throw new Error(nameProblem);
    let email = strings(a.email);
    if (!email) {
      const text = orCancel(
        await vscode.window.showInputBox({
          title,
          prompt: 'Email addresses for the certificate (optional, separated by commas): verify_and_map takes the first as the identity',
          value: '',
          ignoreFocusOut: true,
          validateInput: (v) => splitList(v).map(emailProblem).find(Boolean),
        }),
      );
      email = splitList(text);
    }
    const plan = await planClient(issuer, { now: services.now(), name, email });
    const folder = toUri(a.folder) ?? (await pickFolder(title, suggestFolders({ first: [{ uri: ca.folder, why: 'with the CA' }] })));
    const written = await writeBatches(services, [{ dir: folder, files: plan.files }]);
    reportWritten(
      services,
      `Wrote ${written.map((w) => path.basename(w.path)).join(' and ')} (client ${name}), signed by ${shown(ca.cert)}.`,
      written,
      plan,
    );
    return written;
  });
}

// ------------------------------------------------------------------------------------------ mTLS

export async function setUpMutualTls(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Set Up Mutual TLS', trusted: true }, async (title) => {
    const a = obj(arg);
    const folder =
      toUri(a.folder) ?? (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder(title, suggestFolders({ sub: 'nats-mtls' })));
    const nameConstraints = typeof a.nameConstraints === 'boolean' ? a.nameConstraints : await askConstraints(title);
    const port = typeof a.port === 'number' && Number.isInteger(a.port) && a.port > 0 && a.port < 65536 ? a.port : undefined;
    const plan = await planMtls({ now: services.now(), nameConstraints, ...(port ? { port } : {}) });
    const written = await writeBatches(services, [{ dir: folder, files: plan.files }]);
    const conf = vscode.Uri.joinPath(folder, 'server.conf');
    reportWritten(
      services,
      `Wrote a mutual-TLS setup to ${shown(folder)}: a test CA, ${MTLS_SERVER}, ${MTLS_CLIENTS.join(' and ')}, server.conf (verify: true) and client configs. Start it there: nats-server -c server.conf.`,
      written,
      plan,
      [{ title: 'Open server.conf', run: async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(conf)) }],
    );
    return written;
  });
}
