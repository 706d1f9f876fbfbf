// websocket { } and mqtt { } (server/opts.go parseWebsocket, parseMQTT), with their simple authorization.
import { listenerOptions } from './cluster';
import type { OptionSpec } from './types';

const SINCE_2_11 = { '2.11': '2.11.0' };

export const WEBSOCKET_OPTIONS: OptionSpec[] = [
  ...listenerOptions('WebSocket clients', '(none; required)'),
  { name: 'advertise', kind: 'string', doc: 'Host:port advertised to WebSocket clients.' },
  { name: 'no_tls', kind: 'bool', default: 'false', doc: 'Serve plain ws:// (needed when there is no tls block; not for production).' },
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for the WebSocket listener (wss://).' },
  { name: 'same_origin', kind: 'bool', default: 'false', doc: 'Accept only browser connections from the same origin.' },
  {
    name: 'allowed_origins',
    aliases: ['allowed_origin', 'allow_origins', 'allow_origin', 'origins', 'origin'],
    kind: 'string-or-list',
    doc: 'Origins browsers may connect from, e.g. ["https://app.example.com"].',
  },
  {
    name: 'handshake_timeout',
    kind: 'union',
    accepts: ['int', 'string'],
    typeMessage: 'error parsing handshake timeout: unsupported type %T',
    default: '"2s"',
    doc: 'How long the WebSocket (and TLS) handshake may take: seconds, or a duration string.',
  },
  { name: 'compression', aliases: ['compress'], kind: 'bool', default: 'false', doc: 'Offer per-message deflate compression.' },
  {
    name: 'authorization',
    aliases: ['authentication'],
    kind: 'map',
    block: 'simple-auth',
    doc: 'A user/password or token only WebSocket clients use.',
  },
  { name: 'jwt_cookie', kind: 'string', doc: 'Cookie holding the user JWT for browser clients.' },
  { name: 'user_cookie', kind: 'string', since: SINCE_2_11, doc: 'Cookie holding the user name.' },
  { name: 'pass_cookie', kind: 'string', since: SINCE_2_11, doc: 'Cookie holding the password.' },
  { name: 'token_cookie', kind: 'string', since: SINCE_2_11, doc: 'Cookie holding the token.' },
  { name: 'no_auth_user', kind: 'string', doc: 'User that WebSocket clients without credentials are logged in as.' },
  {
    name: 'headers',
    kind: 'dynamic-map',
    entry: { name: '<header>', kind: 'string', typeMessage: 'error parsing header key %k: unsupported type %T', doc: 'The header value.' },
    typeMessage: 'error parsing headers: unsupported type %T',
    since: SINCE_2_11,
    doc: 'HTTP headers added to the WebSocket upgrade response.',
  },
  {
    name: 'ping_interval',
    kind: 'duration',
    since: { '2.11': '2.11.12', '2.12': '2.12.3', '2.14': '2.14.0' },
    doc: 'How often the server pings WebSocket clients.',
  },
];

export const SIMPLE_AUTH_OPTIONS: OptionSpec[] = [
  { name: 'user', aliases: ['username'], kind: 'string', doc: 'The user name clients present.' },
  { name: 'password', aliases: ['pass'], kind: 'string', doc: 'Password (plain text or a bcrypt hash).' },
  { name: 'token', kind: 'string', doc: 'A token clients present instead of a user and password.' },
  {
    name: 'timeout',
    kind: 'union',
    accepts: ['int', 'float', 'string', 'bool', 'map', 'array'],
    looseValue: true,
    doc: 'Seconds a client has to authenticate (a number; anything else is silently ignored).',
  },
];

export const MQTT_OPTIONS: OptionSpec[] = [
  ...listenerOptions('MQTT clients', '(none; required)'),
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for the MQTT listener.' },
  {
    name: 'authorization',
    aliases: ['authentication'],
    kind: 'map',
    block: 'simple-auth',
    doc: 'A user/password or token only MQTT clients use.',
  },
  { name: 'no_auth_user', kind: 'string', doc: 'User that MQTT clients without credentials are logged in as.' },
  {
    name: 'ack_wait',
    aliases: ['ackwait'],
    kind: 'duration',
    default: '"30s"',
    doc: 'How long to wait for a QoS 1/2 acknowledgement before redelivery.',
  },
  {
    name: 'js_api_timeout',
    aliases: ['api_timeout'],
    kind: 'duration',
    since: { '2.11': '2.11.3', '2.12': '2.12.0' },
    default: '"5s"',
    doc: 'Timeout of the JetStream API requests MQTT makes.',
  },
  {
    name: 'max_ack_pending',
    aliases: ['max_pending', 'max_inflight'],
    kind: 'int',
    min: 0,
    max: 65535,
    rangeMessage: 'invalid value %v, should in [0..65535] range',
    default: '1024',
    doc: 'Unacknowledged QoS 1/2 messages per subscription (0 to 65535).',
  },
  { name: 'js_domain', kind: 'string', doc: 'JetStream domain MQTT stores its state in.' },
  { name: 'stream_replicas', kind: 'int', default: '3 in a cluster', doc: 'Replicas of the streams MQTT creates.' },
  {
    name: 'consumer_replicas',
    kind: 'int',
    deprecated: {
      since: { '2.9': '2.9.12', '2.10': '2.10.0' },
      note: 'consumer replicas setting ignored in this server version',
      warns: true,
    },
    doc: 'No longer used: MQTT consumers follow their stream. nats-server warns about it.',
  },
  { name: 'consumer_memory_storage', kind: 'bool', default: 'false', doc: 'Keep MQTT consumers in memory.' },
  {
    name: 'consumer_inactive_threshold',
    aliases: ['consumer_auto_cleanup'],
    kind: 'duration',
    doc: 'Delete MQTT consumers of sessions idle this long.',
  },
  {
    name: 'reject_qos2_publish',
    kind: 'bool',
    since: { '2.10': '2.10.4', '2.11': '2.11.0' },
    default: 'false',
    doc: 'Disconnect clients that publish with QoS 2.',
  },
  {
    name: 'downgrade_qos2_subscribe',
    kind: 'bool',
    since: { '2.10': '2.10.4', '2.11': '2.11.0' },
    default: 'false',
    doc: 'Treat QoS 2 subscriptions as QoS 1.',
  },
];
