// The packaged extension's size: runs `npm run package` and measures the .vsix it made.
// Usage: node bench/vsixSize.mjs
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { printTable, root } from './lib.mjs';

const out = execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const vsix = out.trim().split('\n').pop();
printTable('VSIX size', [{ name: `${vsix.slice(root.length + 1)} (MB = 2^20 bytes)`, values: [statSync(vsix).size / 2 ** 20], unit: 'MB', target: '< 2 MB' }]);
