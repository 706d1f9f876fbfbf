// Cancellation: a request the client gave up on (the document changed, the cursor moved on) is answered
// at once with RequestCancelled instead of doing its work.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export function cancelledError(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/**
 * A request handler that answers RequestCancelled when the request was cancelled before it ran (the
 * cancellation arrived while it waited behind other work); the handler checks the token itself after that.
 */
export function honouring<P, R>(
  handler: (params: P, token: CancellationToken) => R,
): (params: P, token: CancellationToken) => R | ResponseError<void> {
  return (params, token) => (token.isCancellationRequested ? cancelledError() : handler(params, token));
}
