// The nine places nats-server accepts a `tls { }` block, and what TLS role the server plays in each
// (nats-server's parseTLS call sites in server/opts.go), plus the client-side configs we read.

export type LocationId =
  | 'client-port'
  | 'websocket'
  | 'mqtt'
  | 'leafnodes'
  | 'leafnode-remote'
  | 'cluster'
  | 'gateway'
  | 'gateway-remote'
  | 'resolver'
  | 'client-config'
  | 'context';

export interface Location {
  id: LocationId;
  /** Config path as users write it. */
  path: string;
  /** What the block secures, for messages, hovers and titles (no parentheses: it is often put inside them). */
  label: string;
  /** Does this server present its certificate as a TLS server here, and/or dial out as a TLS client? */
  presentsAsServer: boolean;
  presentsAsClient: boolean;
  /** Cluster and gateway connections always use mutual TLS, whatever `verify` says. */
  mtlsForced: boolean;
  /** nats-server's isClientCtx flag: `verify_cert_and_check_known_urls: true` is rejected where it is set. */
  clientContext: boolean;
  /** A block nats-server itself reads (false for client YAML/JSON and NATS CLI contexts). */
  server: boolean;
}

const L = (
  id: LocationId,
  path: string,
  label: string,
  server: boolean,
  client: boolean,
  mtls: boolean,
  clientCtx: boolean,
  natsServer = true,
): Location => ({
  id,
  path,
  label,
  presentsAsServer: server,
  presentsAsClient: client,
  mtlsForced: mtls,
  clientContext: clientCtx,
  server: natsServer,
});

export const LOCATIONS: Record<LocationId, Location> = {
  'client-port': L('client-port', 'tls', 'the client port and HTTPS monitoring', true, false, false, true),
  websocket: L('websocket', 'websocket.tls', 'the WebSocket listener', true, false, false, true),
  mqtt: L('mqtt', 'mqtt.tls', 'the MQTT listener', true, false, false, true),
  leafnodes: L('leafnodes', 'leafnodes.tls', 'incoming leaf node connections', true, false, false, true),
  'leafnode-remote': L('leafnode-remote', 'leafnodes.remotes[].tls', 'this outgoing leaf node connection', false, true, false, true),
  cluster: L('cluster', 'cluster.tls', 'cluster routes in both directions', true, true, true, false),
  gateway: L('gateway', 'gateway.tls', 'gateway connections in both directions', true, true, true, false),
  'gateway-remote': L('gateway-remote', 'gateway.gateways[].tls', 'this outgoing gateway connection', false, true, false, false),
  resolver: L('resolver', 'resolver_tls', 'the HTTPS account resolver client', false, true, false, true),
  'client-config': L('client-config', 'tls', 'this client connection', false, true, false, true, false),
  context: L('context', 'cert/key/ca', 'this NATS CLI context', false, true, false, true, false),
};
