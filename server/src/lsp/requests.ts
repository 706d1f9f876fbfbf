// The natsTls/* requests the VS Code client's commands send (server/src/protocol/requests.ts): inspecting,
// planning, renewing, config reading and edits, and nats-server's output. One Feature, so server.ts stays as it is.
import { registerCertificateRequests } from './certificate-requests';
import { registerConfigRequests } from './config-requests';
import { registerNatsServerReport } from './nats-server-report';
import { registerPlanRequests } from './plan-requests';
import type { Feature } from './server';

export const requestsFeature: Feature = (ctx) => {
  registerCertificateRequests(ctx);
  registerConfigRequests(ctx);
  registerPlanRequests(ctx);
  registerNatsServerReport(ctx);
  // Custom requests need no capability: the client and the server ship together.
  return {};
};
