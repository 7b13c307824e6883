/**
 * `npm start`: build the Next app when there is no build or the sources are newer than it, then run the server.
 * One command from a fresh clone to a live dashboard.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const buildId = path.join(root, '.next', 'BUILD_ID');
const SOURCES = ['app', 'components', 'lib', 'next.config.ts', 'package.json', 'postcss.config.mjs'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newestMtime(path.join(p, f))), st.mtimeMs);
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const stale = SOURCES.some((s) => newestMtime(path.join(root, s)) > builtAt);
if (stale || process.argv.includes('--build')) {
  console.log(
    builtAt
      ? '[pulseboard] sources changed since the last build: building…'
      : '[pulseboard] first start: building the app (about 40 s)…',
  );
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import('../server/main');
