// The natsTls/* requests the VS Code client's commands send (server/src/protocol/requests.ts): inspecting,
// planning, renewing, config reading and edits, nats-server's output, and the topology view. One Feature, so server.ts stays as it is.
import { registerCertificateRequests } from './certificate-requests';
import { registerConfigRequests } from './config-requests';
import { registerNatsServerReport } from './nats-server-report';
import { registerPlanRequests } from './plan-requests';
import { registerTopologyRequest } from './topology-request';
import type { Feature } from './server';

export const requestsFeature: Feature = (ctx) => {
  registerCertificateRequests(ctx);
  registerConfigRequests(ctx);
  registerPlanRequests(ctx);
  registerNatsServerReport(ctx);
  registerTopologyRequest(ctx);
  // Custom requests need no capability: the client and the server ship together.
  return {};
};
