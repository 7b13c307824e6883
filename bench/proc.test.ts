import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { ProcSampler, parseProcStat, parseVmRssKb, processTree } from './proc';

describe('parseProcStat', () => {
  it('reads pid, parent and user + system ticks', () => {
    const line =
      '4242 (node) S 4200 4242 4200 0 -1 4194560 5000 0 0 0 1500 250 0 0 20 0 11 0 123456 1200000000 50000 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, cpuTicks: 1750 });
  });

  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    const line = '77 (next-server (v16) x) R 1 77 1 0 -1 0 0 0 0 0 30 12 0 0 20 0 1 0 1 1 1 1';
    expect(parseProcStat(line)).toEqual({ pid: 77, ppid: 1, cpuTicks: 42 });
  });

  it('parses this process', () => {
    const s = parseProcStat(fs.readFileSync('/proc/self/stat', 'utf8'));
    expect(s.pid).toBeGreaterThan(0);
    expect(s.cpuTicks).toBeGreaterThanOrEqual(0);
  });
});

describe('parseVmRssKb', () => {
  it('reads VmRSS, 0 when the line is absent', () => {
    expect(parseVmRssKb('Name:\tnode\nVmPeak:\t 900000 kB\nVmRSS:\t  123456 kB\nThreads:\t11\n')).toBe(123456);
    expect(parseVmRssKb('Name:\tzombie\nState:\tZ (zombie)\n')).toBe(0);
  });
});

describe('processTree', () => {
  it('finds children and grandchildren, not siblings', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 1],
      [14, 10],
    ]);
    expect(processTree(10, parents).sort()).toEqual([10, 11, 12, 14]);
  });
});

describe('ProcSampler', () => {
  it('measures CPU time spent by this process', async () => {
    const s = new ProcSampler(process.pid, 20);
    s.start();
    const until = Date.now() + 300;
    while (Date.now() < until) Math.sqrt(Math.random());
    const usage = s.stop();
    expect(usage.cpuPct).toBeGreaterThan(30);
    expect(usage.rssPeakMB).toBeGreaterThan(10);
  });
});
