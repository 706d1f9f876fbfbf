// Reading certificate bundles: parsePemFile on the system CA bundle (real-world roots, when the machine has
// one) and on generated bundles of 1,000 and 10,000 certificates, plus one chain verification against a
// 10,000-root pool. The per-certificate cost must stay flat as the bundle grows (no quadratic work).
// Timed as shipped: the engine bundled by esbuild (minified) into bench/out/.
import * as fs from 'node:fs';
import type { parsePemFile as ParsePemFile } from '../../server/src/core/x509/pem';
import type { verifyChain as VerifyChain } from '../../server/src/core/x509/verify';
import { CertFactory, TEST_NOW, type Material } from '../../test/helpers/certs';
import { shippedExports } from './shipped';
import { fmt, time, type Section, type Timing } from './timing';

const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

interface Shipped {
  parsePemFile: typeof ParsePemFile;
  verifyChain: typeof VerifyChain;
}

function shipped(): Shipped {
  return shippedExports<Shipped>('x509-bundle', [
    "export { parsePemFile } from './server/src/core/x509/pem';",
    "export { verifyChain } from './server/src/core/x509/verify';",
  ]);
}

/** 200 distinct certificates: 20 roots (some name-constrained, some RSA) and 180 leaves with SANs under them. */
async function distinct(): Promise<{ roots: Material[]; leaves: Material[] }> {
  const f = new CertFactory(TEST_NOW);
  const roots: Material[] = [];
  for (let i = 0; i < 20; i++) {
    roots.push(
      await f.ca({
        cn: `Bench Root ${i}`,
        ...(i % 5 === 0 ? { key: { algorithm: 'RSA', bits: 2048 } } : {}),
        ...(i % 4 === 1 ? { nameConstraints: { permitted: ['.bench.test', '10.0.0.0/8'], excluded: ['bad.bench.test'] } } : {}),
      }),
    );
  }
  const leaves: Material[] = [];
  for (let i = 0; i < 180; i++) {
    leaves.push(
      await f.leaf(roots[i % roots.length], {
        cn: `node-${i}.bench.test`,
        san: { dns: [`node-${i}.bench.test`, `n${i}.bench.test`, 'localhost'], ip: [`10.0.${i >> 8}.${i & 255}`, '::1'] },
      }),
    );
  }
  return { roots, leaves };
}

export const x509Section: Section = {
  describe: 'parsing certificate bundles (system CA bundle, 1,000 and 10,000 certificates), verifying against 10,000 roots',
  async run(o) {
    const ship = shipped();
    const meta = { path: '/bench/bundle.pem', size: 0, mtimeMs: 0 };
    const timings: Timing[] = [];
    const figures: Record<string, number> = {};
    const runs = Math.max(5, Math.floor(o.iterations / 3));
    const warmup = 2;

    const system = SYSTEM_BUNDLES.find((p) => fs.existsSync(p));
    if (system) {
      const bytes = fs.readFileSync(system);
      const file = ship.parsePemFile(bytes, meta);
      const t = time(`system bundle (${file.certs.length} certs)`, () => ship.parsePemFile(bytes, meta), { warmup, runs });
      timings.push(t);
      figures.systemCerts = file.certs.length;
      figures.systemBad = file.badCerts.length;
      figures.systemUsPerCert = (t.median * 1000) / file.certs.length;
      console.log(
        `  ${system}: ${(bytes.length / 1024).toFixed(0)} KB, ${file.certs.length} certificates, ${file.badCerts.length} unreadable`,
      );
    } else console.warn('  no system CA bundle on this machine: that figure is skipped');

    const { roots, leaves } = await distinct();
    const pems = [...roots, ...leaves].map((m) => m.pem);
    const bundle = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => pems[i % pems.length]).join(''));
    const perCert: Record<number, number> = {};
    for (const n of [1000, 10000]) {
      const bytes = bundle(n);
      const file = ship.parsePemFile(bytes, meta);
      if (file.certs.length !== n) throw new Error(`the ${n}-certificate bundle parsed into ${file.certs.length} certificates`);
      const t = time(`${n} certs (${(bytes.length / 1024 / 1024).toFixed(1)} MB)`, () => ship.parsePemFile(bytes, meta), {
        warmup: n > 1000 ? 1 : warmup,
        runs: n > 1000 ? Math.max(3, Math.floor(runs / 2)) : runs,
      });
      timings.push(t);
      perCert[n] = (t.median * 1000) / n;
      figures[`usPerCert${n}`] = perCert[n];
    }

    // One verification against a pool of 10,000 roots (the pool is built per call, as the checks do).
    const pool = ship.parsePemFile(bundle(10000), meta).certs;
    const leaf = ship.parsePemFile(Buffer.from(leaves[7]!.pem), meta).certs[0]!;
    const verified = ship.verifyChain(leaf, { roots: pool, intermediates: [], at: TEST_NOW, usage: 'serverAuth' });
    if (!verified.ok) throw new Error(`the bench leaf does not verify: ${verified.detail}`);
    timings.push(
      time('verifyChain, 10,000 roots', () => ship.verifyChain(leaf, { roots: pool, intermediates: [], at: TEST_NOW }), { warmup, runs }),
    );

    for (const x of timings)
      console.log(`  ${x.name.padEnd(32)} median ${fmt(x.median)}   min ${fmt(x.min)}   p90 ${fmt(x.p90)}   (${x.runs} runs)`);
    const growth = perCert[10000]! / perCert[1000]!;
    figures.growth = growth;
    console.log(
      `  per certificate: ${perCert[1000]!.toFixed(1)} µs (1,000), ${perCert[10000]!.toFixed(1)} µs (10,000); 10,000 / 1,000 = ${growth.toFixed(2)}×` +
        (figures.systemUsPerCert !== undefined ? `; system bundle ${figures.systemUsPerCert.toFixed(1)} µs` : ''),
    );
    return {
      timings,
      figures,
      targets: [
        { name: 'per-certificate cost flat from 1,000 to 10,000 certificates (≤ 2×; quadratic work would be 10×)', ok: growth <= 2 },
        // 1 MiB, the largest certificate file read, holds about 1,300 certificates: at most 3 s on first read.
        { name: 'at most 2 ms per certificate (1,000-certificate bundle)', ok: perCert[1000]! <= 2000 },
      ],
    };
  },
};
