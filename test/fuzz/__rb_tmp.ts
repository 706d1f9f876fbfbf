import { makeFixtures, makeInput, checkInput, checkEnv, loadSources } from '/work/main/test/fuzz/robustness';
(async () => {
  const fx = await makeFixtures();
  const env = checkEnv(fx.dir);
  const sources = loadSources('/work/shared/corpus');
  const seed = Number(process.argv[2] ?? 1), count = Number(process.argv[3] ?? 1000);
  let max = 0, maxSeed = 0, total = 0; const kinds: Record<string, number> = {};
  const t0 = Date.now();
  for (let k = 0; k < count; k++) {
    const input = makeInput(seed + k, fx.dir, sources);
    const r = checkInput(input, env);
    total += r.ms; if (r.ms > max) { max = r.ms; maxSeed = seed + k; }
    for (const f of r.failures) { const key = `${f.kind}/${f.stage}: ${f.message.split('\n')[0].replace(/\d+/g, 'N').slice(0, 140)}`; if (!kinds[key]) console.log(`seed ${f.seed} [${input.generator}] ${f.kind}/${f.stage}: ${f.message.slice(0, 600)}`); kinds[key] = (kinds[key] ?? 0) + 1; }
  }
  console.log(`${count} in ${Date.now() - t0} ms, avg ${(total / count).toFixed(2)} ms, max ${max.toFixed(0)} ms (seed ${maxSeed})`);
  console.log(kinds);
  fx.cleanup();
})();
