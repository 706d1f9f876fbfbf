import { makeFixtures, makeInput, checkInput, checkEnv, loadSources } from './robustness';
import { Session } from 'node:inspector';
import * as fs from 'node:fs';
(async () => {
  const fx = await makeFixtures();
  const env = checkEnv(fx.dir);
  const sources = loadSources('/work/shared/corpus');
  const seeds = process.argv.slice(2).map(Number);
  for (const s of seeds) { const input = makeInput(s, fx.dir, sources); checkInput(input, env); }
  const session = new Session(); session.connect();
  session.post('Profiler.enable'); 
  await new Promise<void>((res) => session.post('Profiler.start', () => res()));
  for (const s of seeds) {
    const input = makeInput(s, fx.dir, sources);
    const t = Date.now(); const r = checkInput(input, env); console.log(s, input.generator, input.text.length, 'ms', r.ms.toFixed(0), r.failures.length);
  }
  session.post('Profiler.stop', (_e, { profile }) => { fs.mkdirSync('/tmp/prof', {recursive: true}); fs.writeFileSync('/tmp/prof/zz.cpuprofile', JSON.stringify(profile)); fx.cleanup(); });
})();
