/** Blanks TypeScript's types out of a program, keeping every position (no source map needed). */
import tsBlankSpace from 'ts-blank-space';

export function stripTypes(source: string, file: string): string {
  const unsupported: string[] = [];
  const output = tsBlankSpace(source, (node) => {
    unsupported.push(node.getText().split('\n')[0] ?? '');
  });
  if (unsupported.length > 0) {
    throw new SyntaxError(
      `${file}: Threadline runs TypeScript by erasing types, so it cannot run syntax that needs ` +
        `compiling (enum, namespace, parameter properties…): ${unsupported.join('; ')}`,
    );
  }
  return output;
}
