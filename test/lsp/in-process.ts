// A language server in the test's own process, spoken to over in-memory streams: the same JSON-RPC, the same
// startServer and feature modules as the bundled server, but with a host the test builds (to count the work
// it does, or to make it fail). The library's own exit handling is left out: it would end the test process.
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures, type WatchDog } from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { FEATURES } from '../../server/src/lsp/main';
import { startServer, type Runtime, type ServerContext } from '../../server/src/lsp/server';
import { LspClient, type ClientOptions } from './client';

export async function inProcess(opts: ClientOptions, runtime: Runtime): Promise<{ client: LspClient; server: ServerContext }> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  let shutdown = false;
  const watchDog: WatchDog = {
    initialize: () => undefined,
    get shutdownReceived() {
      return shutdown;
    },
    set shutdownReceived(v: boolean) {
      shutdown = v;
    },
    exit: () => undefined,
  };
  const connection = createConnection(
    (logger) => createProtocolConnection(new StreamMessageReader(toServer), new StreamMessageWriter(fromServer), logger),
    watchDog,
    ProposedFeatures.all,
  );
  const server = startServer(connection, runtime, FEATURES);
  const client = await LspClient.connect(opts, toServer, fromServer, () => {
    connection.dispose();
    toServer.destroy();
    fromServer.destroy();
  });
  return { client, server };
}
