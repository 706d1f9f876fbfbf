// The one nats-server config sniffer lives in the protocol module, because the VS Code client needs it before
// the language server starts; the engine, the CLI and the library take it from here.
export { looksLikeNatsServerConf, sniffNatsFile } from '../protocol/sniff';
