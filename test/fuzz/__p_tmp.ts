import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
for (const n of [100, 200, 400, 800, 1600]) {
  for (const mod of [30, 1000]) {
  const text = 'tls:\n' + Array.from({ length: n }, (_, i) => `${'  '.repeat(1 + (i % mod))}k${i}:`).join('\n') + '\n';
  const t = performance.now(); const p = parseConf(new Source('/x.conf', text)); 
  console.log(n, mod, text.length, (performance.now() - t).toFixed(1), 'ms', p.issues.length);
  }
}
