/**
 * What the panel's webview may ask for, checked before anything acts on it: the page runs
 * program output and trace text, so a message is treated as untrusted input. A malformed
 * message, or one naming a file the run never told us about, is refused with a reason to log.
 * Pure (no `vscode`).
 */
import { isPanelRequest, type PanelRequest } from '../model/messages';

export type VettedRequest = { readonly ok: true; readonly request: PanelRequest } | { readonly ok: false; readonly why: string };

/** `knownFiles` is asked only for a request that names a file. */
export function vetWebviewMessage(message: unknown, knownFiles: () => ReadonlySet<string>): VettedRequest {
  if (!isPanelRequest(message)) return { ok: false, why: `ignored a malformed webview message: ${preview(message)}` };
  if (message.type === 'revealSource' && !knownFiles().has(message.file)) {
    return { ok: false, why: `refused to open ${JSON.stringify(message.file.slice(0, 300))}: the run never named that file` };
  }
  return { ok: true, request: message };
}

function preview(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
