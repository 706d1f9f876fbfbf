// The floor of the editor-latency benchmark: a vscode-languageserver server that does no analysis at all. It
// keeps its documents up to date from incremental edits (TextDocuments, as the real server does), asks for
// its settings once like any server, and answers every change with an empty diagnostics list. Whatever the
// protocol, the JSON-RPC library and the process boundary cost is in its latency; nats-tls's re-check is
// measured against it, in the same run on the same edits.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental }, serverInfo: { name: 'no-work' } }));
connection.onInitialized(() => void connection.workspace.getConfiguration({ section: 'natsTls' }).catch(() => undefined));
// The client's barrier request: answered at once.
connection.onFoldingRanges(() => []);
documents.onDidChangeContent((e) => {
  void connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
