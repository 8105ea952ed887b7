/**
 * "Threadline: New Script": an untitled TypeScript file with a first program that imports
 * 'threadline', for learners (the walkthrough's last step). Save it anywhere and run it.
 */
import * as vscode from 'vscode';

export const FIRST_SCRIPT = `// Your first Threadline program. Save it (any folder), then click "Run with Threadline" above.
// Like Python's multiprocessing: targets are exported functions, and the code that starts
// processes sits under isMainProcess(). All times are milliseconds.
import { Event, Process, isMainProcess, sleep } from 'threadline';

export function worker(ready: Event, n: number): void {
  console.log(\`worker \${n} waiting for the signal...\`);
  ready.wait(); // really blocks this worker until someone calls ready.set()
  console.log(\`worker \${n} running\`);
}

if (isMainProcess()) {
  const ready = new Event();
  const workers = [1, 2, 3].map((n) => new Process({ target: worker, args: [ready, n] }));
  for (const p of workers) p.start();
  sleep(1000); // watch the workers wait in the Workers view and the panel
  ready.set();
  for (const p of workers) p.join();
}
`;

export async function createFirstScript(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: FIRST_SCRIPT });
  return vscode.window.showTextDocument(document);
}
