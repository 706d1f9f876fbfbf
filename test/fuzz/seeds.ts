// Hand-written seed configs for the differential fuzzer. They cover every grammar area of nats-server's
// config format, so fuzzing is meaningful even where the shared corpus of real configs is not present
// (e.g. a clean CI clone). Each one parses with nats-server 2.9.10 (checked by test/integration/differential.test.ts).

export interface SeedConfig {
  name: string;
  text: string;
}

export const SEEDS: readonly SeedConfig[] = [
  {
    name: 'seed/server.conf',
    text: `# A typical server
server_name: n1
listen: 127.0.0.1:4222
http: 8222
max_payload: 1MB
max_pending: 64MiB
ping_interval: "2m"
write_deadline: 10s
debug: false
trace = off
logtime yes

tls {
  cert_file: "./certs/server.pem"
  key_file: './certs/server-key.pem'
  ca_file: certs/ca.pem
  verify: true
  timeout: 2.5
  cipher_suites: [
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
  ]
}
`,
  },
  {
    name: 'seed/accounts.conf',
    text: `PASS: "s3cret"
HASH: $2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG
accounts {
  SYS { users = [ { user: sys, password: $PASS } ] }
  APP {
    LIMIT: 100
    jetstream { max_mem: 1G; max_file: 10GiB }
    users: [
      { user: a, password: $HASH, permissions: { publish: { allow: ["app.>", "_INBOX.>"] }, subscribe: { deny: "secret.*" } } }
      { user: b, password: "x\\ty\\x41", permissions = { publish = ["b.>"] } },
    ]
    exports: [ { stream: "app.events.>" }, { service: "app.req" } ]
    max_connections: $LIMIT
  }
}
system_account: SYS
`,
  },
  {
    name: 'seed/cluster.conf',
    text: `cluster {
  name: "c1"
  listen: 0.0.0.0:6222
  routes = [
    nats-route://n2:6222
    nats-route://n3:6222 # comment after a value
  ]
  authorization { user: route, password: pw, timeout: 0.5 }
  // a slash comment
}
gateway {
  name: A
  port: 7222
  gateways: [ { name: B, urls: ["nats://b:7222"] } ]
}
leafnodes { port: 7422; remotes = [ { url: "tls://hub:7422", credentials: '/etc/nats/leaf.creds' } ] }
`,
  },
  {
    name: 'seed/scalars.conf',
    text: `int: 14222
neg: -1k
zero_lead: 014222
big: 9223372036854775807
kib: 4KiB
gb: 2gb
float: 3.25
ip: 10.0.0.1:4222
range: 10.0.0.1-5
date: 2024-02-29T23:59:59Z
bool_on: On
bool_no: NO
str: abc123
str2: 3secret
path: /var/lib/nats/store
url: nats://user:pw@host:4222
hash_inside: foo#bar
esc: C:\\\\certs
single: 'C:\\certs\\a.pem'
double: "tab\\tnl\\nquote\\"bs\\\\hex\\x41"
block: (
multi line
  text )
)
"quoted key": 1
'single key' = 2
empty_map {}
empty_list []
`,
  },
  {
    name: 'seed/wrapped.conf',
    text: `{
  "port": 4222,
  "http_port": 8222,
  "authorization": { "users": [ { "user": "a", "password": "b" } ] },
  "jetstream": { "store_dir": "/data", "max_mem": 1073741824 }
}
`,
  },
  {
    name: 'seed/includes.conf',
    text: `include inc.conf
port: $INC_VAR
authorization {
  include 'inc.conf'
  user: $inc_key
}
include "nested.conf"
`,
  },
  {
    name: 'seed/websocket-mqtt.conf',
    text: `websocket {
  port: 8080
  no_tls: true
  compression: true
  allowed_origins: ["https://a.example", "https://b.example"]
}
mqtt { port: 1883, ack_wait: "1m", max_ack_pending: 100 }
jetstream: enabled
server_tags: ["az:1", "region:eu"]
lame_duck_duration: "30s"
`,
  },
  {
    name: 'seed/env.conf',
    text: `port: $FUZZ_NUM
server_name: $FUZZ_STR
tags: [ $FUZZ_QUOTED ]
nested { m: $FUZZ_MAP }
`,
  },
];
