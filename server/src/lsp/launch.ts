// The V8 flags of the language server process (bundled alone as server/out/launch.js for bin/nats-tls.js).
// They live in the protocol module, which the VS Code client may import.
export { SERVER_EXEC_ARGV } from '../protocol/launch';
