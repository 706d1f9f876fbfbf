// The architecture's import boundaries are lint rules: a file that breaks one fails `npm run lint` (and CI).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..');
// The snippets are not files of the TypeScript project, so the type-aware rules are off for them.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; source: string; breaks: boolean }[] = [
  { file: 'server/src/core/x.ts', source: "import * as vscode from 'vscode';\nexport const a = vscode;\n", breaks: true },
  {
    file: 'server/src/core/x.ts',
    source: "import { createConnection } from 'vscode-languageserver/node';\nexport const a = createConnection;\n",
    breaks: true,
  },
  { file: 'server/src/core/x.ts', source: "import * as fs from 'node:fs';\nexport const a = fs;\n", breaks: true },
  { file: 'server/src/core/x.ts', source: "import { spawn } from 'node:child_process';\nexport const a = spawn;\n", breaks: true },
  {
    file: 'server/src/core/checks/x.ts',
    source: "import { startServer } from '../../lsp/server';\nexport const a = startServer;\n",
    breaks: true,
  },
  { file: 'server/src/core/checks/x.ts', source: "import { main } from '../../cli/main';\nexport const a = main;\n", breaks: true },
  { file: 'server/src/core/x.ts', source: "import { nodeFs } from '../node-fs';\nexport const a = nodeFs;\n", breaks: true },
  {
    file: 'server/src/lsp/x.ts',
    source: "import { activate } from '../../../client/src/extension';\nexport const a = activate;\n",
    breaks: true,
  },
  // The client is UI: nothing of the server but the protocol module.
  {
    file: 'client/src/x.ts',
    source: "import { planCa } from '../../server/src/core/ca/scaffold';\nexport const a = planCa;\n",
    breaks: true,
  },
  {
    file: 'client/src/commands/x.ts',
    source: "import { describePemFile } from '../../../server/src/core/x509/describe';\nexport const a = describePemFile;\n",
    breaks: true,
  },
  {
    file: 'client/src/x.ts',
    source: "import { writePlan } from '../../server/src/cli/write-plan';\nexport const a = writePlan;\n",
    breaks: true,
  },
  { file: 'client/src/x.ts', source: "import { nodeFs } from '../../server/src/node-fs';\nexport const a = nodeFs;\n", breaks: true },
  {
    file: 'client/src/x.ts',
    source: "import { nodeClock } from '../../server/src/node-host';\nexport const a = nodeClock;\n",
    breaks: true,
  },
  {
    file: 'client/src/x.ts',
    source: "import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';\nexport const a = SERVER_EXEC_ARGV;\n",
    breaks: true,
  },
  {
    file: 'client/src/x.ts',
    source: "import type { ConfigDoc } from '../../server/src/core/document';\nexport type A = ConfigDoc;\n",
    breaks: true,
  },
  {
    file: 'client/src/x.ts',
    source:
      "import { looksLikeNatsServerConf } from '../../server/src/protocol/../core/sniff';\nexport const a = looksLikeNatsServerConf;\n",
    breaks: true,
  },
  // The protocol module is a leaf: both ends load it.
  {
    file: 'server/src/protocol/x.ts',
    source: "import { openDocument } from '../core/document';\nexport const a = openDocument;\n",
    breaks: true,
  },
  {
    file: 'server/src/protocol/x.ts',
    source: "import { ResponseError } from 'vscode-languageserver';\nexport const a = ResponseError;\n",
    breaks: true,
  },
  // Allowed: the client takes ids, types and constants from the protocol module.
  {
    file: 'client/src/commands/x.ts',
    source: "import { PlanTestCaRequest } from '../../../server/src/protocol/requests';\nexport const a = PlanTestCaRequest;\n",
    breaks: false,
  },
  { file: 'server/src/protocol/x.ts', source: "import { createHash } from 'node:crypto';\nexport const a = createHash;\n", breaks: false },
  // Allowed: the engine may use node:path and type-only node:crypto; the LSP layer may use the engine.
  { file: 'server/src/core/x.ts', source: "import * as path from 'node:path';\nexport const a = path;\n", breaks: false },
  { file: 'server/src/lsp/x.ts', source: "import { Project } from '../core/project';\nexport const a = Project;\n", breaks: false },
];

for (const c of cases) {
  test(`${c.file}: ${c.source.split('\n')[0]} ${c.breaks ? 'breaks' : 'keeps'} the import boundaries`, async () => {
    const messages = await restricted(c.file, c.source);
    assert.equal(messages.length > 0, c.breaks, messages.join('\n'));
  });
}
