// probe
import * as vscode from 'vscode';
import type { InHostContext } from '../harness';
export async function run(ctx: InHostContext): Promise<unknown> {
  const ext = vscode.extensions.getExtension('nats-tls.nats-tls');
  ctx.log(`active=${ext?.isActive}`);
  await vscode.commands.executeCommand('perfview.show');
  const uri = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });
  const doc = await vscode.workspace.openTextDocument(uri);
  let text = doc.getText();
  for (let i = 0; i < 50 && !/Extension Activation Stats/.test(text); i++) {
    await new Promise((r) => setTimeout(r, 200));
    text = doc.getText();
  }
  const marks = (globalThis as any).MonacoPerformanceMarks?.getMarks?.() ?? null;
  return { text, marks: marks && marks.filter((m: any) => /nats-tls|Extension/i.test(m.name)) };
}
