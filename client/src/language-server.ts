// What the commands may ask of the language server: the natsTls/* requests of the protocol module. The
// commands' bundle gets this from extension.ts and never loads vscode-languageclient itself.
import type { NotificationType, RequestType } from '../../server/src/protocol/requests';

export interface LanguageServer {
  /** Waits for the server to run; rejects with the server's message when the request fails. */
  request<P, R>(type: RequestType<P, R>, params: P): Promise<R>;
  /** Handles a natsTls/* notification from the server (also after a restart). */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): void;
}
