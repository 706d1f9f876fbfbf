// The extension page and the first run, as package.json, .vscodeignore, the README and the walkthrough media
// declare them: images load from the .vsix (README images inlined by scripts/package.mjs, walkthrough media
// shipped by the allowlist), the walkthrough's
// steps have their media and complete on real events, settings sit in the right scope, command titles read
// right. test/e2e/first-run.test.ts checks the same in the packaged .vsix, in a real VS Code.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const root = path.resolve(__dirname, '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

interface Manifest {
  icon: string;
  scripts: Record<string, string>;
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
    walkthroughs: {
      id: string;
      title: string;
      steps: { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }[];
    }[];
  };
}
const manifest = JSON.parse(read('package.json')) as Manifest;

/** A .vscodeignore glob as vsce reads it (minimatch with dot: true), for the forms the allowlist uses: `**`, `*`, `?`. */
function glob(pattern: string): RegExp {
  const re = pattern.replace(/\*\*|\*|\?|[.+^${}()|[\]\\]/g, (m) =>
    m === '**' ? '.*' : m === '*' ? '[^/]*' : m === '?' ? '[^/]' : `\\${m}`,
  );
  return new RegExp(`^${re}$`);
}

/** What `vsce package` ships: a file no .vscodeignore pattern excludes, or one a `!` pattern includes. */
function shipped(rel: string): boolean {
  const lines = read('.vscodeignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const excluded = lines.filter((l) => !l.startsWith('!')).some((p) => glob(p).test(rel));
  const included = lines.filter((l) => l.startsWith('!')).some((p) => glob(p.slice(1)).test(rel));
  return !excluded || included;
}

/** Image references in markdown: ![alt](src) and <img src="…">. */
function images(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src=["']([^"']+)["']/g)].map((m) => (m[1] ?? m[2])!);
}

test('the README: relative image paths in the repository, inlined into the packaged copy (the extension page is offline)', async () => {
  const readme = read('README.md');
  const refs = images(readme);
  assert.ok(refs.length >= 3, `images: ${refs.join(', ')}`);
  for (const src of refs) {
    assert.doesNotMatch(src, /^[a-z]+:/i, `${src} must be relative (GitHub renders it; the package inlines it)`);
    assert.ok(fs.existsSync(path.join(root, src)), `${src} does not exist`);
  }
  // VS Code renders an installed extension's README with no base URL and `img-src https: data:`: the .vsix
  // copy carries each image as a data: URI, and vsce is told not to rewrite links to github.com.
  assert.match(manifest.scripts.package!, /node scripts\/package\.mjs/);
  const script = read('scripts/package.mjs');
  assert.match(script, /--no-rewrite-relative-links/);
  const { inlineImages } = (await import(pathToFileURL(path.join(root, 'scripts', 'inline-images.mjs')).href)) as {
    inlineImages: (md: string, dir: string) => string;
  };
  const packed = inlineImages(readme, root);
  const inlined = images(packed);
  assert.equal(inlined.length, refs.length);
  refs.forEach((src, i) => {
    assert.equal(inlined[i], `data:image/png;base64,${fs.readFileSync(path.join(root, src)).toString('base64')}`, src);
  });
  assert.throws(() => inlineImages('![x](docs/images/none.png)', root), /none\.png/);
  // The allowlist itself: the icon, the README and the walkthrough's images ship, the sources do not.
  assert.ok(shipped('README.md') && shipped('images/icon.png') && !shipped('client/src/extension.ts') && !shipped('docs/images/x.jpg'));
});

test("the README is a user's page first: what it catches, the commands, the settings, Restricted Mode; then the developer part", () => {
  const readme = read('README.md');
  const at = (heading: string): number => {
    const i = readme.indexOf(`\n## ${heading}\n`);
    assert.ok(i >= 0, `no "## ${heading}" section`);
    return i;
  };
  const user = ['What it catches', 'Commands', 'Settings', 'Restricted Mode'].map(at);
  const dev = ['For developers', 'Quick start', 'CLI', 'Diagnostic codes'].map(at);
  assert.deepEqual(
    [...user, ...dev],
    [...user, ...dev].sort((a, b) => a - b),
    'sections in this order',
  );
  // The seed's two mistakes, every command by its palette title, every setting.
  assert.match(readme, /^tls: {10,}← yaml-style-block/m);
  assert.match(readme, /client_auth: true {10,}← client-auth-field/);
  for (const c of manifest.contributes.commands) assert.ok(readme.includes(`**${c.category}: ${c.title}**`), `${c.title} missing`);
  for (const s of Object.keys(manifest.contributes.configuration.properties)) assert.ok(readme.includes(`\`${s}\``), `${s} missing`);
  // The commands CI and the team run, and the codes table the diagnostics link to.
  assert.ok(readme.includes('`npm ci && npm run demo`') && readme.includes('`npm test`'));
  for (const code of ['yaml-style-block', 'client-auth-field', 'file-not-found', 'peer-untrusted'])
    assert.ok(readme.includes(`<a id="${code}"></a>`), code);
  assert.match(read('server/src/lsp/convert.ts'), /const DOCS = 'https:\/\/github\.com\/nats-tls\/nats-tls\/blob\/main\/README\.md#'/);
  // The developer content moved, not lost.
  const dev2 = read('docs/development.md');
  for (const h of ['## Other editors', '## Library', '## Evidence and figures', '## Development']) assert.ok(dev2.includes(h), h);
});

test('the icon: a 128×128 PNG in the .vsix', () => {
  const png = fs.readFileSync(path.join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.ok(shipped(manifest.icon));
});

test('the walkthrough: five steps with shipped markdown media, each completing on a real event', () => {
  const [w, ...others] = manifest.contributes.walkthroughs;
  assert.equal(others.length, 0);
  assert.equal(w!.title, 'Mutual TLS for NATS in five minutes');
  assert.deepEqual(
    w!.steps.map((s) => s.id),
    ['generate', 'open', 'hover', 'break', 'check'],
  );
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const contextKeys = read('client/src/walkthrough.ts');
  for (const s of w!.steps) {
    const md = s.media.markdown!;
    assert.ok(md && fs.existsSync(path.join(root, md)) && shipped(md), `${s.id}: ${md}`);
    for (const src of images(read(md))) {
      const file = path.posix.join(path.posix.dirname(md), src);
      assert.ok(!/^[a-z]+:/i.test(src) && fs.existsSync(path.join(root, file)) && shipped(file), `${md}: ${src}`);
    }
    assert.ok(s.completionEvents.length > 0, s.id);
    for (const e of s.completionEvents) {
      const [kind, arg] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commands.has(arg), `${s.id}: ${arg} is not a command`);
      else if (kind === 'onContext' && arg.startsWith('natsTls.'))
        assert.ok(contextKeys.includes(`'${arg}'`), `${s.id}: nothing sets ${arg}`);
      else
        assert.fail(
          `${s.id}: ${e}: complete on a command or on a context key the extension sets (editor-scoped keys such as editorLangId never match)`,
        );
    }
    // Buttons run commands the extension has (or VS Code's own).
    for (const m of s.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(m[1]!) || m[1]!.startsWith('workbench.'), m[1]);
  }
});

test('natsTls.natsServerPath: in the User, Workspace and Folder settings, and restricted in untrusted workspaces', () => {
  const props = manifest.contributes.configuration.properties;
  // machine-overridable put it only under the Remote tab of a remote window (code-server, SSH, WSL).
  assert.equal(props['natsTls.natsServerPath']!.scope, 'resource');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['natsTls.natsServerPath']);
});

test('command titles read right: "NATS: Restart NATS Language Server" (not nats-server), one "NATS:" prefix', () => {
  const restart = manifest.contributes.commands.find((c) => c.command === 'natsTls.restartServer')!;
  assert.deepEqual([restart.category, restart.title], ['NATS', 'Restart NATS Language Server']);
  for (const c of manifest.contributes.commands) assert.doesNotMatch(c.title, /^NATS:/, c.command);
  // Prompts get "NATS: <command>" as their title; messages built on it must not add the prefix again.
  assert.doesNotMatch(read('client/src/commands/shared.ts'), /`NATS: \$\{title\}/);
});
