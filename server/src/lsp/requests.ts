// The natsTls/* requests the VS Code client's commands send (server/src/protocol/requests.ts): inspecting,
// planning, renewing, config reading and edits, nats-server's output, the workspace (file users, TLS blocks,
// files written, a config's working directory and target version) and the topology view. One Feature, so
// server.ts stays as it is.
import { StatusChangedNotification } from '../protocol/requests';
import { registerCertificateRequests } from './certificate-requests';
import { registerConfigRequests } from './config-requests';
import { registerNatsServerReport } from './nats-server-report';
import { registerPlanRequests } from './plan-requests';
import { registerTopologyRequest } from './topology-request';
import type { Feature } from './server';
import { registerWorkspaceRequests } from './workspace-requests';

export const requestsFeature: Feature = (ctx) => {
  registerCertificateRequests(ctx);
  registerConfigRequests(ctx);
  registerPlanRequests(ctx);
  registerNatsServerReport(ctx);
  registerWorkspaceRequests(ctx);
  registerTopologyRequest(ctx);
  // The client's language status asks natsTls/configStatus again (settings, files or the target changed).
  ctx.onRefresh(() => void ctx.connection.sendNotification(StatusChangedNotification.method, {}));
  // Custom requests need no capability: the client and the server ship together.
  return {};
};
