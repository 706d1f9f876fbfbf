import * as fs from 'node:fs';
import * as v8 from 'node:v8'; import * as vm from 'node:vm';
v8.setFlagsFromString('--expose-gc'); const gc = vm.runInNewContext('gc') as () => void;
import { parseConf } from './server/src/core/conf/parser';
import { Source } from './server/src/core/conf/ast';
const json = fs.readFileSync('/tmp/benchdump/bench.json', 'utf8');
const conf = fs.readFileSync('/tmp/benchdump/bench.conf', 'utf8');
function cpu(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 5; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) { gc(); const c0 = process.cpuUsage(); fn(); const d = process.cpuUsage(c0); xs.push((d.user + d.system) / 1000); }
  xs.sort((a, b) => a - b); return xs[runs >> 1]!;
}
const j = cpu(() => JSON.parse(json), 31);
const o = cpu(() => parseConf(new Source('/b.json', json)), 31);
const c = cpu(() => parseConf(new Source('/b.conf', conf)), 31);
console.log(`cpu ms: JSON.parse ${j.toFixed(1)}  ours(json) ${o.toFixed(1)} (${(o / j).toFixed(2)}x)  ours(conf) ${c.toFixed(1)} (${(c / j).toFixed(2)}x)`);
