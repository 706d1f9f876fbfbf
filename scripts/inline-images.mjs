// The README's relative images as data: URIs, for the copy packaged in the .vsix (scripts/package.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `![alt](docs/images/x.png)` → `![alt](data:image/png;base64,…)`; a missing image stops the packaging. */
export function inlineImages(markdown, dir) {
  return markdown.replace(/(!\[[^\]]*\]\()([^)\s]+)(\))/g, (all, open, src, close) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return all;
    const file = path.join(dir, src);
    if (!/\.png$/i.test(src) || !fs.existsSync(file)) throw new Error(`README image ${src}: not a PNG in the repository`);
    return `${open}data:image/png;base64,${fs.readFileSync(file).toString('base64')}${close}`;
  });
}
