// The commands' bundle (client/out/commands.js), loaded on first use so that activation stays light. UI only:
// prompts, pickers, writing files and showing results; the language server reads, checks and plans.
import type * as vscode from 'vscode';
import type { CommandId } from '../../../server/src/protocol/commands';
import type { LanguageServer } from '../language-server';
import type { LanguageStatus } from '../language-status';
import { NatsServerCheck } from './check';
import { generateClientCertificate, generateServerCertificate, generateTestCa, setUpMutualTls } from './generate';
import { InspectProvider, inspectCertificate } from './inspect';
import { renewCertificate } from './renew';
import { TopologyView } from './topology';
import { makeServices } from './shared';

export interface Commands extends vscode.Disposable {
  run(id: CommandId, args: unknown[]): Promise<unknown>;
  inspect: InspectProvider;
}

export function createCommands(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  status: LanguageStatus,
  server: LanguageServer,
): Commands {
  const services = makeServices(context, output, status, server);
  const inspect = new InspectProvider(services);
  const check = new NatsServerCheck(services);
  const topology = new TopologyView(services);
  // One handler per id that extension.ts registers: a missing or extra one does not compile.
  const handlers: Record<CommandId, (args: unknown[]) => Promise<unknown>> = {
    'natsTls.generateTestCa': (a) => generateTestCa(services, a[0]),
    'natsTls.generateServerCertificate': (a) => generateServerCertificate(services, a[0]),
    'natsTls.generateClientCertificate': (a) => generateClientCertificate(services, a[0]),
    'natsTls.setUpMutualTls': (a) => setUpMutualTls(services, a[0]),
    'natsTls.renewCertificate': (a) => renewCertificate(services, a[0]),
    'natsTls.inspectCertificate': (a) => inspectCertificate(services, inspect, a[0], a[1]),
    'natsTls.checkWithNatsServer': (a) => check.run(a[0]),
    'natsTls.showTopology': () => topology.show(),
  };
  return {
    inspect,
    run: (id, args) => handlers[id](args),
    dispose: () => {
      inspect.dispose();
      check.dispose();
      topology.dispose();
    },
  };
}
