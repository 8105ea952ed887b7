/** Words for findings: one place decides how a stuck worker reads. */
import type { StuckWorker } from '../../model/problems';

export function waitPhrase(stuck: StuckWorker): string {
  const what = stuck.primitiveName !== undefined ? `${stuck.primitiveKind ?? ''} \`${stuck.primitiveName}\``.trim() : stuck.wait;
  const held = stuck.heldByName !== undefined ? ` held by ${stuck.heldByName}` : '';
  switch (stuck.wait) {
    case 'join':
      return `joins ${stuck.primitiveName ?? 'a process'}`;
    case 'lock':
    case 'rlock':
    case 'semaphore':
      return `waits for ${what}${held}`;
    default:
      return `waits on ${what}${held}`;
  }
}

export function siteSuffix(stuck: StuckWorker): string {
  return stuck.site ? ` (${shortFile(stuck.site.file)}:${stuck.site.line})` : '';
}

function shortFile(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
