// `npm run package`: the .vsix, with the README's images inlined as data: URIs in the packaged copy.
// VS Code's extension page renders an installed extension's README with no base URL and a CSP of
// `img-src https: data:`, so a relative image never loads there, and a github.com one fails offline. The
// repository's README keeps its relative paths (GitHub renders them); only the copy in the .vsix changes,
// and README.md is restored whatever vsce does.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlineImages } from './inline-images.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const original = fs.readFileSync(readmePath, 'utf8');

const restore = () => fs.writeFileSync(readmePath, original);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    restore();
    process.exit(130);
  });
/** vsce's exit status, with the inlined README in place only while it runs. */
function pack() {
  try {
    fs.writeFileSync(readmePath, inlineImages(original, root));
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    const args = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', 'nats-tls.vsix', ...process.argv.slice(2)];
    return spawnSync(vsce, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
  } finally {
    restore();
  }
}
process.exit(pack());
