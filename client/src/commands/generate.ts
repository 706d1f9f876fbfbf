// "Generate Test CA…", "Generate Server Certificate…", "Generate Client Certificate…" and "Set Up Mutual
// TLS…": ask, let the language server plan the files (natsTls/plan…), write them (a quick fix's block decides
// where: block-files.ts), and put them into a config with the server's edit (natsTls/tlsFileEdit): the block
// the quick fix is for, or one the user picks after a command from the palette ("Use in a Config…").
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateCertificateArgs } from '../../../server/src/protocol/commands';
import {
  CA_CERT_FILE,
  certFileOf,
  keyFileOf,
  LOOPBACK_HOSTS,
  MTLS_CLIENTS,
  MTLS_SERVER,
  TEST_NAMES,
} from '../../../server/src/protocol/files';
import {
  CheckInputRequest,
  PlanClientCertificateRequest,
  PlanMutualTlsRequest,
  PlanServerCertificateRequest,
  PlanTestCaRequest,
  type InputKind,
  type KeyChoice,
} from '../../../server/src/protocol/requests';
import { createOpener } from '../../../server/src/protocol/seal';
import { batchesFor, freshNames, namePrompt, placeForBlock, stemOf } from './block-files';
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
  suggestFolders,
  toUri,
  writeBatches,
  writeToFolder,
  type ServerConfig,
  type Services,
} from './shared';
import { applyTlsFileEdit, editFailed, useInConfig, type TlsFiles } from './use-in-config';

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
    const picked = toUri(a.folder) ?? (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder(title, suggestFolders()));
    const nameConstraints = typeof a.nameConstraints === 'boolean' ? a.nameConstraints : await askConstraints(title);
    const opener = createOpener();
    const plan = await services.server.request(PlanTestCaRequest, {
      recipient: opener.recipient,
      nameConstraints,
      ...(typeof a.name === 'string' && a.name.trim() ? { name: a.name.trim() } : {}),
      ...(typeof a.key === 'string' ? { key: a.key as KeyChoice } : {}),
    });
    const { folder, written } = await writeToFolder(services, title, picked, plannedFiles(plan, opener), suggestFolders());
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

function isCodeActionArgs(v: unknown): v is GenerateCertificateArgs {
  const a = obj(v);
  return typeof a.uri === 'string' && typeof a.version === 'number' && !!a.block && typeof a.block === 'object';
}

export const USE_IN_CONFIG = 'Use in a Config…';

export async function generateServerCertificate(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Generate Server Certificate', trusted: true }, async (title) => {
    const fromBlock = isCodeActionArgs(arg) ? arg : undefined;
    const a = fromBlock ? {} : obj(arg);
    // The config whose hosts become SANs: the code action's, the one given, or the active editor's.
    let config: ServerConfig | undefined;
    const configUri = fromBlock ? vscode.Uri.parse(fromBlock.uri, true) : toUri(a.config);
    if (configUri) config = await readServerConfig(services, configUri);
    else config = await activeServerConfig(services);

    const caFile = fromBlock?.caFile?.resolved ?? fromBlock?.caFile?.target;
    const ca = await pickCa(title, {
      ...(toUri(a.ca) ? { given: toUri(a.ca)! } : {}),
      ...(caFile ? { prefer: vscode.Uri.joinPath(vscode.Uri.file(caFile), '..') } : {}),
    });

    // Where the files go, decided before the name prompt so that it says which files are written.
    const placement = fromBlock ? await placeForBlock(services, fromBlock, ca) : undefined;
    const certPath = fromBlock?.certFile?.resolved ?? fromBlock?.certFile?.target;
    const stem = certPath ? stemOf(certPath) : undefined;
    const defaultName = stem && !(await inputProblem(services, 'certificate-name', [stem])) ? stem : 'server';
    const name =
      typeof a.name === 'string' ? a.name : await askName(services, title, defaultName, namePrompt(placement, fromBlock?.block.path));
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

    let written: vscode.Uri[];
    let certUri: vscode.Uri;
    let keyUri: vscode.Uri;
    const extra: { title: string; run: () => unknown }[] = [];
    if (placement) {
      // The paths the block names, or new names (then the block is pointed at them).
      const to = placement.kind === 'named' ? placement : await freshNames(services, placement, name);
      const batches = await batchesFor(files, to, ca, placement.caCopy);
      written = await writeBatches(services, batches, {
        except: { uri: fromBlock!.uri, block: fromBlock!.block.range.start },
        ...(placement.kind === 'named' ? { confirmed: placement.confirmed } : {}),
      });
      ({ cert: certUri, key: keyUri } = to);
      const fields: TlsFiles =
        placement.kind === 'new'
          ? {
              cert_file: certUri.fsPath,
              key_file: keyUri.fsPath,
              ...(placement.ca === 'point' ? { ca_file: ca.cert.fsPath } : {}),
            }
          : { ...(fromBlock!.certFile ? {} : { cert_file: certUri.fsPath }), ...(fromBlock!.keyFile ? {} : { key_file: keyUri.fsPath }) };
      if (placement.kind === 'new') {
        // The user chose new files: the block is pointed at them now.
        const r = await applyTlsFileEdit(services, configUri!, fromBlock!.version, fromBlock!.block.range.start, fields, true);
        if (!r.ok) await editFailed(r, fromBlock!.block.path);
      } else if (Object.keys(fields).length) {
        extra.push({
          title: `Add ${Object.keys(fields).join(' and ')} to ${fromBlock!.block.path}`,
          run: async () => {
            const r = await applyTlsFileEdit(services, configUri!, fromBlock!.version, fromBlock!.block.range.start, fields, false);
            if (!r.ok) await editFailed(r, fromBlock!.block.path);
          },
        });
      }
    } else {
      const suggestions = suggestFolders({ first: [{ uri: ca.folder, why: 'with the CA' }], ...(config ? { config: config.uri } : {}) });
      const folder = toUri(a.folder) ?? (await pickFolder(title, suggestions));
      written = (await writeToFolder(services, title, folder, files, suggestions)).written;
      // writeBatches returns the files in plan order.
      certUri = written[files.findIndex((f) => f.kind === 'certificate')]!;
      keyUri = written[files.findIndex((f) => f.kind === 'key')]!;
      if (fromBlock && config && isLocal(config.uri)) {
        // A block without cert_file: add the fields it lacks.
        const missing: TlsFiles = {
          ...(fromBlock.certFile ? {} : { cert_file: certUri.fsPath }),
          ...(fromBlock.keyFile ? {} : { key_file: keyUri.fsPath }),
        };
        const keys = Object.keys(missing);
        if (keys.length) {
          extra.push({
            title: `Add ${keys.join(' and ')} to ${fromBlock.block.path}`,
            run: async () => {
              const r = await applyTlsFileEdit(services, configUri!, fromBlock.version, fromBlock.block.range.start, missing, false);
              if (!r.ok) await editFailed(r, fromBlock.block.path);
            },
          });
        }
      }
    }
    if (!fromBlock && isLocal(certUri)) {
      // From the palette: put the files into a config the user picks (the active config first).
      extra.push({
        title: USE_IN_CONFIG,
        run: () =>
          runFlow(services, { name: 'Use in a Config' }, (t) =>
            useInConfig(services, t, 'server', { cert: certUri.fsPath, key: keyUri.fsPath, ca: ca.cert.fsPath }, config?.uri),
          ),
      });
    }
    const c = plan.certificates[0]!;
    const dirs = [...new Set(written.map((w) => shown(vscode.Uri.joinPath(w, '..'))))];
    reportWritten(
      services,
      `Wrote ${written.map((w) => path.basename(w.path)).join(' and ')} to ${dirs.join(' and ')} for ${c.names.join(', ')}, signed by ${shown(ca.cert)}.`,
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
    const suggestions = suggestFolders({ first: [{ uri: ca.folder, why: 'with the CA' }] });
    const files = plannedFiles(plan, opener);
    const picked = toUri(a.folder) ?? (await pickFolder(title, suggestions));
    const { folder, written } = await writeToFolder(services, title, picked, files, suggestions);
    const certUri = written[files.findIndex((f) => f.kind === 'certificate')]!;
    const keyUri = written[files.findIndex((f) => f.kind === 'key')]!;
    reportWritten(
      services,
      `Wrote ${written.map((w) => path.basename(w.path)).join(' and ')} (client ${name}) to ${shown(folder)}, signed by ${shown(ca.cert)}.`,
      written,
      plan,
      isLocal(folder)
        ? [
            {
              title: USE_IN_CONFIG,
              run: () =>
                runFlow(services, { name: 'Use in a Config' }, (t) =>
                  useInConfig(services, t, 'client', { cert: certUri.fsPath, key: keyUri.fsPath, ca: ca.cert.fsPath }),
                ),
            },
          ]
        : [],
    );
    return written;
  });
}

// ------------------------------------------------------------------------------------------ mTLS

export async function setUpMutualTls(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Set Up Mutual TLS', trusted: true }, async (title) => {
    const a = obj(arg);
    const picked =
      toUri(a.folder) ?? (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder(title, suggestFolders({ sub: 'nats-mtls' })));
    const nameConstraints = typeof a.nameConstraints === 'boolean' ? a.nameConstraints : await askConstraints(title);
    const port = typeof a.port === 'number' && Number.isInteger(a.port) && a.port > 0 && a.port < 65536 ? a.port : undefined;
    const opener = createOpener();
    const plan = await services.server.request(PlanMutualTlsRequest, {
      recipient: opener.recipient,
      nameConstraints,
      ...(port ? { port } : {}),
    });
    const { folder, written } = await writeToFolder(
      services,
      title,
      picked,
      plannedFiles(plan, opener),
      suggestFolders({ sub: 'nats-mtls' }),
    );
    const conf = vscode.Uri.joinPath(folder, 'server.conf');
    const at = (f: string): string => vscode.Uri.joinPath(folder, f).fsPath;
    reportWritten(
      services,
      `Wrote a mutual-TLS setup to ${shown(folder)}: a test CA, ${MTLS_SERVER}, ${MTLS_CLIENTS.join(' and ')}, server.conf (verify: true) and client configs. Start it there: nats-server -c server.conf.`,
      written,
      plan,
      [
        { title: 'Open server.conf', run: async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(conf)) },
        ...(isLocal(folder)
          ? [
              {
                // The server certificate and the CA into another config of the workspace (verify needs ca_file).
                title: USE_IN_CONFIG,
                run: () =>
                  runFlow(services, { name: 'Use in a Config' }, (t) =>
                    useInConfig(services, t, 'server', {
                      cert: at(certFileOf(MTLS_SERVER)),
                      key: at(keyFileOf(MTLS_SERVER)),
                      ca: at(CA_CERT_FILE),
                    }),
                  ),
              },
            ]
          : []),
      ],
    );
    return written;
  });
}
