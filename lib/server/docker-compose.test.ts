import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `docker compose config` (or the older `docker-compose config`) must accept the repo's compose file. */
function composeCommand(): string[] | undefined {
  for (const cmd of [['docker', 'compose'], ['docker-compose']]) {
    try {
      execFileSync(cmd[0], [...cmd.slice(1), 'version'], { stdio: 'ignore' });
      return cmd;
    } catch {
      /* try the next */
    }
  }
  return undefined;
}

const cmd = composeCommand();
if (!cmd) console.warn('[docker-compose.test] SKIPPED: neither `docker compose` nor `docker-compose` is installed');

describe.skipIf(!cmd)('docker-compose.yml', () => {
  it('is accepted by compose config and wires Pulseboard to StarRocks', () => {
    const out = execFileSync(cmd![0], [...cmd!.slice(1), '-f', 'docker-compose.yml', 'config'], { encoding: 'utf8' });
    expect(out).toMatch(/starrocks\/allin1-ubuntu/);
    expect(out).toMatch(/9030:9030|published: "?9030/);
    expect(out).toMatch(/STARROCKS_URL: mysql:\/\/root:@starrocks:9030\/realtime_demo/);
  });
});
