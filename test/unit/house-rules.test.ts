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
