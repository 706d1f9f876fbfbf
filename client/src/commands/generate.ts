// "Generate Test CA…", "Generate Server Certificate…", "Generate Client Certificate…" and "Set Up Mutual
// TLS…": ask, let the language server plan the files (natsTls/plan…), write them, and for a block that lacks
// cert_file/key_file apply the server's edit (natsTls/tlsFileEdit).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateCertificateArgs } from '../../../server/src/protocol/commands';
import { LOOPBACK_HOSTS, MTLS_CLIENTS, MTLS_SERVER, TEST_NAMES } from '../../../server/src/protocol/files';
import {
  CheckInputRequest,
  PlanClientCertificateRequest,
  PlanMutualTlsRequest,
  PlanServerCertificateRequest,
  PlanTestCaRequest,
  TlsFileEditRequest,
  type InputKind,
  type KeyChoice,
} from '../../../server/src/protocol/requests';
import { createOpener } from '../../../server/src/protocol/seal';
import { renamePlanned } from '../write-files';
import {
  activeServerConfig,
  caFiles,
  exists,
  isLocal,
  orCancel,
  pickCa,
  pickFolder,
  plannedFiles,
  readServerConfig,
  reportWritten,
  runFlow,
  shown,
  splitByDir,
  suggestFolders,
  toUri,
  writeBatches,
  type ServerConfig,
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
      description: TEST_NAMES.join(', '),
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

/** The server's verdict on what is typed so far (the same rules its plans apply). */
async function inputProblem(services: Services, kind: InputKind, values: string[]): Promise<string | undefined> {
  return (await services.server.request(CheckInputRequest, { kind, values })).problem;
}

async function askName(services: Services, title: string, value: string, prompt: string): Promise<string> {
  const name = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => inputProblem(services, 'certificate-name', [v.trim()]),
  });
  return orCancel(name).trim();
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Throws what the input box would have said, for values given as arguments (which skip the prompts). */
async function refuse(services: Services, kind: InputKind, values: string[]): Promise<void> {
  const problem = await inputProblem(services, kind, values);
  if (problem) throw new Error(problem);
}

// ------------------------------------------------------------------------------------------ CA

export async function generateTestCa(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  return runFlow(services, { name: 'Generate Test CA', trusted: true }, async (title) => {
    const a = obj(arg);
    const folder = toUri(a.folder) ?? (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder(title, suggestFolders()));
    const nameConstraints = typeof a.nameConstraints === 'boolean' ? a.nameConstraints : await askConstraints(title);
    const opener = createOpener();
    const plan = await services.server.request(PlanTestCaRequest, {
      recipient: opener.recipient,
      nameConstraints,
      ...(typeof a.name === 'string' && a.name.trim() ? { name: a.name.trim() } : {}),
      ...(typeof a.key === 'string' ? { key: a.key as KeyChoice } : {}),
    });
    const written = await writeBatches(services, [{ dir: folder, files: plannedFiles(plan, opener) }]);
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

/** Where a block's file is, or would be opened from when it is missing (the server resolved both). */
function fileTarget(f: { resolved?: string; target?: string } | undefined): vscode.Uri | undefined {
  const p = f?.resolved ?? f?.target;
  return p ? vscode.Uri.file(p) : undefined;
}

const stemOf = (file: string): string =>
  path
    .basename(file)
    .replace(/\.(pem|crt|cer)$/i, '')
    .replace(/[-_.]cert$/i, '');

/**
 * Adds the cert_file/key_file lines a block lacks with the server's edit (paths as natsTls.pathBase resolves
 * them), then reveals the insertion point. Returns the lines and why not when the config changed meanwhile.
 */
async function addToBlock(
  services: Services,
  args: GenerateCertificateArgs,
  files: Partial<Record<'cert_file' | 'key_file', string>>,
): Promise<{ ok: true } | { ok: false; lines: string; reason: string }> {
  const config = vscode.Uri.parse(args.uri, true);
  // Open, so the server edits the editor's text (the request waits for the open notification).
  const textDoc = await vscode.workspace.openTextDocument(config);
  const r = await services.server.request(TlsFileEditRequest, {
    uri: args.uri,
    version: args.version,
    block: args.block.range.start,
    files,
  });
  const lines = r.entries.map((e) => `${e.key}: "${e.value}"`).join('\n');
  if (!r.edits || textDoc.version !== r.version) return { ok: false, lines, reason: r.reason ?? `${shown(config)} changed meanwhile` };
  const edit = new vscode.WorkspaceEdit();
  for (const e of r.edits)
    edit.replace(config, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, lines, reason: `${shown(config)} could not be edited` };
  const at = r.edits[0] ? new vscode.Position(r.edits[0].range.start.line, r.edits[0].range.start.character) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(textDoc, { selection: new vscode.Range(at, at), preview: false });
  return { ok: true };
}

function isCodeActionArgs(v: unknown): v is GenerateCertificateArgs {
  const a = obj(v);
  return typeof a.uri === 'string' && typeof a.version === 'number' && !!a.block && typeof a.block === 'object';
}

export async function generateServerCertificate(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Generate Server Certificate', trusted: true }, async (title) => {
    const fromBlock = isCodeActionArgs(arg) ? arg : undefined;
    const a = fromBlock ? {} : obj(arg);
    // The config whose hosts become SANs: the code action's, the one given, or the active editor's.
    let config: ServerConfig | undefined;
    const configUri = fromBlock ? vscode.Uri.parse(fromBlock.uri, true) : toUri(a.config);
    if (configUri) config = await readServerConfig(services, configUri);
    else config = await activeServerConfig(services);

    const certTarget = fromBlock && fileTarget(fromBlock.certFile);
    const keyTarget = fromBlock && fileTarget(fromBlock.keyFile);
    const caFile = fromBlock && fileTarget(fromBlock.caFile);
    const ca = await pickCa(title, {
      ...(toUri(a.ca) ? { given: toUri(a.ca)! } : {}),
      ...(caFile ? { prefer: vscode.Uri.joinPath(caFile, '..') } : {}),
    });

    const stem = certTarget ? stemOf(certTarget.path) : undefined;
    const defaultName = stem && !(await inputProblem(services, 'certificate-name', [stem])) ? stem : 'server';
    const name =
      typeof a.name === 'string'
        ? a.name
        : await askName(services, title, defaultName, 'Certificate name: the CN, and the file names <name>.pem and <name>-key.pem');
    await refuse(services, 'certificate-name', [name]);

    const found = config?.hosts ?? [];
    let hosts = strings(a.hosts);
    if (!hosts) {
      const proposed = [...new Set([...LOOPBACK_HOSTS, ...found.map((f) => f.host)])];
      const from = found.length ? `, from ${path.basename(config!.uri.path)}: ${found.map((f) => `${f.host} (${f.from})`).join(', ')}` : '';
      hosts = splitList(
        orCancel(
          await vscode.window.showInputBox({
            title,
            prompt: `Host names and IP addresses clients dial, separated by commas (proposed: ${LOOPBACK_HOSTS.join(', ')}${from})`,
            value: proposed.join(', '),
            ignoreFocusOut: true,
            validateInput: (v) => inputProblem(services, 'hosts', splitList(v)),
          }),
        ),
      );
    }
    // Hosts from an argument skipped the input box: refuse them as it would.
    await refuse(services, 'hosts', hosts);

    const opener = createOpener();
    const plan = await services.server.request(PlanServerCertificateRequest, { recipient: opener.recipient, ca: caFiles(ca), name, hosts });
    if (found.length) plan.notes.push(`hosts proposed from ${shown(config!.uri)}: ${found.map((f) => `${f.host} (${f.from})`).join(', ')}`);
    const files = plannedFiles(plan, opener);

    // Where the files go: the paths the block already names, else a folder the user picks.
    let batches: UriBatch[];
    if (certTarget) {
      const keyUri = keyTarget ?? vscode.Uri.joinPath(certTarget, '..', `${stemOf(certTarget.path)}-key.pem`);
      const renamed = renamePlanned(files, { certificate: path.basename(certTarget.path), key: path.basename(keyUri.path) });
      batches = splitByDir(renamed, vscode.Uri.joinPath(certTarget, '..'), vscode.Uri.joinPath(keyUri, '..'));
    } else {
      const folder =
        toUri(a.folder) ??
        (await pickFolder(
          title,
          suggestFolders({ first: [{ uri: ca.folder, why: 'with the CA' }], ...(config ? { config: config.uri } : {}) }),
        ));
      batches = [{ dir: folder, files }];
    }
    const written = await writeBatches(services, batches);
    // writeBatches returns the files in plan order.
    const order = batches.flatMap((b) => b.files);
    const certUri = written[order.findIndex((f) => f.kind === 'certificate')]!;
    const keyUri = written[order.findIndex((f) => f.kind === 'key')]!;

    const extra: { title: string; run: () => unknown }[] = [];
    if (fromBlock && config && isLocal(config.uri)) {
      const missing: Partial<Record<'cert_file' | 'key_file', string>> = {
        ...(fromBlock.certFile ? {} : { cert_file: certUri.fsPath }),
        ...(fromBlock.keyFile ? {} : { key_file: keyUri.fsPath }),
      };
      const keys = Object.keys(missing);
      if (keys.length) {
        extra.push({
          title: `Add ${keys.join(' and ')} to ${fromBlock.block.path}`,
          run: async () => {
            const r = await addToBlock(services, fromBlock, missing);
            if (!r.ok) {
              await vscode.env.clipboard.writeText(r.lines);
              void vscode.window.showInformationMessage(`NATS: ${r.reason}; the lines for ${fromBlock.block.path} are on the clipboard.`);
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
    const ca = await pickCa(title, toUri(a.ca) ? { given: toUri(a.ca)! } : {});
    let defaultName: string = MTLS_CLIENTS[0];
    for (const n of MTLS_CLIENTS) {
      defaultName = n;
      if (!(await exists(vscode.Uri.joinPath(ca.folder, `${n}.pem`)))) break;
    }
    const name =
      typeof a.name === 'string'
        ? a.name
        : await askName(
            services,
            title,
            defaultName,
            "Client name: the certificate's CN (the identity verify_and_map and users see), and its file names",
          );
    await refuse(services, 'certificate-name', [name]);
    let email = strings(a.email);
    if (!email) {
      const text = orCancel(
        await vscode.window.showInputBox({
          title,
          prompt: 'Email addresses for the certificate (optional, separated by commas): verify_and_map takes the first as the identity',
          value: '',
          ignoreFocusOut: true,
          validateInput: (v) => inputProblem(services, 'emails', splitList(v)),
        }),
      );
      email = splitList(text);
    }
    await refuse(services, 'emails', email);
    const opener = createOpener();
    const plan = await services.server.request(PlanClientCertificateRequest, { recipient: opener.recipient, ca: caFiles(ca), name, email });
    const folder = toUri(a.folder) ?? (await pickFolder(title, suggestFolders({ first: [{ uri: ca.folder, why: 'with the CA' }] })));
    const written = await writeBatches(services, [{ dir: folder, files: plannedFiles(plan, opener) }]);
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
    const opener = createOpener();
    const plan = await services.server.request(PlanMutualTlsRequest, {
      recipient: opener.recipient,
      nameConstraints,
      ...(port ? { port } : {}),
    });
    const written = await writeBatches(services, [{ dir: folder, files: plannedFiles(plan, opener) }]);
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
