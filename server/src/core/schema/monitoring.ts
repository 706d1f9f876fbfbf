// Monitoring and profiling endpoints (server/opts.go processConfigFileLine).
import type { OptionSpec } from './types';

export const MONITORING_OPTIONS: OptionSpec[] = [
  {
    name: 'http',
    kind: 'listen',
    doc: 'Host and port of the HTTP monitoring endpoint ("host:port" or a port). Not a block: write http: 8222.',
  },
  { name: 'https', kind: 'listen', doc: 'Host and port of the HTTPS monitoring endpoint; it uses the top-level tls block.' },
  { name: 'http_port', aliases: ['monitor_port'], kind: 'int', doc: 'Port of the HTTP monitoring endpoint.' },
  { name: 'https_port', kind: 'int', doc: 'Port of the HTTPS monitoring endpoint.' },
  { name: 'http_base_path', kind: 'string', default: '"/"', doc: 'Path prefix for every monitoring endpoint.' },
  { name: 'prof_port', kind: 'int', doc: 'Port of the Go profiling (pprof) endpoint. Do not expose it.' },
  {
    name: 'prof_block_rate',
    kind: 'int',
    since: { '2.10': '2.10.2', '2.11': '2.11.0' },
    doc: 'Sampling rate of the blocking profile on the profiling endpoint.',
  },
];
