// What a user downloads and waits for: the .vsix size, the JavaScript the client ships in it (the engine lives
// in the language server only), and the client's activation time (its bundle loaded and activate() called
// against a stand-in for the vscode API; the language server starts in the background).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { percentile, type Section } from './timing';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The client's JavaScript in the .vsix at most this (issue 9: it was 1,018 KB with a second copy of the engine). */
export const CLIENT_JS_BUDGET = 500 * 1024;

/** Names and uncompressed sizes of a zip's entries, from its central directory (what `unzip -l` lists). */
export function zipEntries(zip: Buffer): { name: string; size: number }[] {
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    out.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

/** Top-level names of the vscode API that an extension bundle may touch at load and activation. */
const VSCODE_NAMES = [
  'window',
  'workspace',
  'languages',
  'commands',
  'extensions',
  'env',
  'l10n',
  'tasks',
  'debug',
  'authentication',
  'chat',
  'lm',
  'notebooks',
  'scm',
  'tests',
  'Uri',
  'EventEmitter',
  'Disposable',
  'Range',
  'Position',
  'Selection',
  'Location',
  'Diagnostic',
  'DiagnosticSeverity',
  'DiagnosticTag',
  'DiagnosticRelatedInformation',
  'CodeAction',
  'CodeActionKind',
  'CodeLens',
  'Command',
  'CompletionItem',
  'CompletionItemKind',
  'CompletionList',
  'CompletionItemTag',
  'MarkdownString',
  'Hover',
  'TextEdit',
  'WorkspaceEdit',
  'SnippetString',
  'SymbolKind',
  'SymbolTag',
  'SymbolInformation',
  'DocumentSymbol',
  'DocumentLink',
  'FoldingRange',
  'FoldingRangeKind',
  'InlayHint',
  'InlayHintKind',
  'InlayHintLabelPart',
  'LanguageStatusSeverity',
  'StatusBarAlignment',
  'ThemeColor',
  'ThemeIcon',
  'ProgressLocation',
  'FileType',
  'FileChangeType',
  'RelativePattern',
  'CancellationTokenSource',
  'CancellationError',
  'ConfigurationTarget',
  'ViewColumn',
  'TextDocumentSaveReason',
  'EndOfLine',
  'SignatureHelp',
  'SignatureInformation',
  'ParameterInformation',
  'CallHierarchyItem',
  'TypeHierarchyItem',
  'SemanticTokens',
  'SemanticTokensLegend',
  'SemanticTokensEdits',
  'SemanticTokensEdit',
  'SelectionRange',
  'ColorInformation',
  'Color',
  'ColorPresentation',
  'DocumentHighlight',
  'DocumentHighlightKind',
  'LinkedEditingRanges',
  'InlineValueText',
  'InlineValueVariableLookup',
  'InlineValueEvaluatableExpression',
  'InlineCompletionItem',
  'InlineCompletionList',
  'TextDocumentChangeReason',
  'NotebookCellKind',
  'NotebookRange',
  'NotebookCellData',
  'NotebookData',
  'NotebookEdit',
  'DocumentDropEdit',
  'TreeItem',
  'TreeItemCollapsibleState',
  'QuickPickItemKind',
  'UIKind',
  'ExtensionMode',
  'ExtensionKind',
  'LogLevel',
  'version',
  'TabInputText',
  'TabInputTextDiff',
];

function measureActivation(bundle: string): { load: number; activate: number } {
  // A fresh process per measurement, so module loading is cold each time. Its vscode module accepts any call
  // and returns more of itself: enough to run activate().
  const script = `
    const Module = require('module');
    const store = new WeakMap();
    const special = { then: undefined, [Symbol.toPrimitive]: () => '', [Symbol.iterator]: function* () {}, toString: () => '', valueOf: () => 0, length: 0 };
    const handler = {
      get: (t, p) => (store.get(t)?.has(p) ? store.get(t).get(p) : p in special ? special[p] : new Proxy(function () {}, handler)),
      set: (t, p, v) => ((store.get(t) ?? store.set(t, new Map()).get(t)).set(p, v), true),
      defineProperty: () => true,
      apply: () => new Proxy(function () {}, handler),
      construct: () => new Proxy(function () {}, handler),
    };
    // Bundles copy the namespace's own keys (esbuild's __toESM), so list the API's top-level names.
    const names = ${JSON.stringify(VSCODE_NAMES)};
    const vscode = Object.fromEntries(names.map((n) => [n, new Proxy(function () {}, handler)]));
    vscode.version = '1.100.3';
    const load = Module._load;
    Module._load = function (r, ...a) { return r === 'vscode' ? vscode : load.call(this, r, ...a); };
    const t0 = performance.now();
    const ext = require(${JSON.stringify(bundle)});
    const t1 = performance.now();
    const context = { subscriptions: [], asAbsolutePath: (p) => require('path').join(${JSON.stringify(repoRoot)}, p), extensionPath: ${JSON.stringify(repoRoot)} };
    Promise.resolve(ext.activate(context)).then(() => {
      const t2 = performance.now();
      process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1 }));
      process.exit(0);
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`activation run failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { load: number; activate: number };
}

export const packageSection: Section = {
  describe: '.vsix size and client activation time',
  async run(o) {
    // Package from a temporary copy, so the working tree's bundles stay as the other benchmarks use them.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-bench-pkg-'));
    let size: number;
    let bundle: string;
    let clientJs: { name: string; size: number }[];
    try {
      for (const f of [
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'language-configuration.json',
        '.vscodeignore',
        'esbuild.mjs',
        'tsconfig.json',
        'scripts/package.mjs',
        'scripts/inline-images.mjs',
      ]) {
        fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
        fs.copyFileSync(path.join(repoRoot, f), path.join(tmp, f));
      }
      // Sources only: the bundles are rebuilt for the package.
      for (const d of ['client', 'server', 'syntaxes', 'docs', 'images', 'walkthroughs'])
        fs.cpSync(path.join(repoRoot, d), path.join(tmp, d), {
          recursive: true,
          filter: (s) => !/^[\\/](client|server)[\\/]out([\\/]|$)/.test(s.slice(repoRoot.length)),
        });
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tmp, 'node_modules'));
      const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: tmp, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm run package failed: ${r.stdout}${r.stderr}`);
      const vsix = path.join(tmp, 'nats-tls.vsix');
      size = fs.statSync(vsix).size;
      clientJs = zipEntries(fs.readFileSync(vsix)).filter((e) => /^extension\/client\/.*\.js$/.test(e.name));
      bundle = path.join(tmp, 'client', 'out', 'extension.js');
      const runs = Math.max(5, Math.min(o.iterations, 15));
      const loads: number[] = [];
      const activates: number[] = [];
      for (let i = 0; i < runs; i++) {
        const m = measureActivation(bundle);
        loads.push(m.load);
        activates.push(m.activate);
      }
      const total = loads.map((l, i) => l + activates[i]!);
      const median = percentile(total, 50);
      const clientBytes = clientJs.reduce((sum, e) => sum + e.size, 0);
      const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
      console.log(`  .vsix: ${kb(size)}; client JavaScript in it ${kb(clientBytes)} (budget ${kb(CLIENT_JS_BUDGET)}):`);
      for (const e of clientJs) console.log(`    ${e.name.replace(/^extension\//, '')}: ${kb(e.size)}`);
      console.log(
        `  client activation: code loading median ${percentile(loads, 50).toFixed(1)} ms + activate() ${percentile(activates, 50).toFixed(1)} ms = ${median.toFixed(1)} ms (${runs} cold processes)`,
      );
      return {
        timings: [],
        figures: {
          vsixBytes: size,
          clientJsBytes: clientBytes,
          activationMs: median,
          codeLoadingMs: percentile(loads, 50),
          activateCallMs: percentile(activates, 50),
        },
        targets: [
          { name: '.vsix at most 1.5 MB', ok: size <= 1.5 * 1024 * 1024 },
          { name: 'client JavaScript in the .vsix at most 500 KB', ok: clientJs.length > 0 && clientBytes <= CLIENT_JS_BUDGET },
          { name: 'client activation at most 50 ms', ok: median <= 50 },
        ],
      };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
