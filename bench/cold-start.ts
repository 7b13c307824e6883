/**
 * `npm run bench:cold`: what a new user waits for. Removes `.next`, runs `npm start` with an empty data dir and
 * times the first healthy answer and the first live update of the temperature panel (build and 24 h backfill
 * included). Then runs it again with the build in place.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const PORT = Number(process.env.BENCH_PORT || 3403);

async function once(): Promise<{ healthy_ms: number; first_live_update_ms: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-cold-'));
  const t0 = performance.now();
  const proc = spawn('npm', ['start'], {
    env: { ...process.env, PORT: String(PORT), PULSEBOARD_DATA_DIR: dataDir },
    stdio: 'ignore',
    detached: true,
  });
  try {
    while (
      !(await fetch(`http://127.0.0.1:${PORT}/api/health`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      await new Promise((r) => setTimeout(r, 100));
    const healthy = performance.now() - t0;
    const ws = new WebSocket(`ws://127.0.0.1:${PORT}/api/live`);
    await new Promise<void>((resolve) => {
      ws.on('open', () =>
        ws.send(
          JSON.stringify({
            type: 'subscribe',
            id: 'a',
            dashboardUid: 'iot-sensors',
            panelId: 1,
            range: { from: 'now-1h', to: 'now' },
          }),
        ),
      );
      ws.on('message', (d) => (JSON.parse(String(d)).type === 'delta' ? resolve() : undefined));
    });
    ws.close();
    return { healthy_ms: Math.round(healthy), first_live_update_ms: Math.round(performance.now() - t0) };
  } finally {
    process.kill(-proc.pid!, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

fs.rmSync('.next', { recursive: true, force: true });
const cold = await once();
const warm = await once();
console.table({ 'fresh clone (build + backfill)': cold, 'build present (backfill)': warm });
process.exit(0);
