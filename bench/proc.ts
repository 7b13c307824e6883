/** CPU and memory of a process tree, read from /proc (Linux). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  /** User + system CPU time in clock ticks. */
  cpuTicks: number;
}

/** Parse `/proc/<pid>/stat`; the command name may hold spaces and parentheses, so fields count from the last `)`. */
export function parseProcStat(text: string): ProcStat {
  const end = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf('(')).trim());
  // After ") ": state(3) ppid(4) … utime(14) stime(15), numbered from 1 as in proc(5).
  const rest = text
    .slice(end + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number) => Number(rest[n - 3]);
  return { pid, ppid: field(4), cpuTicks: field(14) + field(15) };
}

/** Resident set size in kB from `/proc/<pid>/status` (`VmRSS:`), 0 when absent (a zombie). */
export function parseVmRssKb(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) : 0;
}

/** `root` and every process below it, from a pid → parent pid map. */
export function processTree(root: number, parents: Map<number, number>): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parents) if (ppid === out[i]) out.push(pid);
  return out;
}

const read = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
};

function allStats(): ProcStat[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      const text = read(`/proc/${d}/stat`);
      return text ? [parseProcStat(text)] : [];
    });
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function treeSample(root: number): { cpuTicks: number; rssKb: number } {
  const stats = allStats();
  const tree = new Set(processTree(root, new Map(stats.map((s) => [s.pid, s.ppid]))));
  let cpuTicks = 0;
  let rssKb = 0;
  for (const s of stats) {
    if (!tree.has(s.pid)) continue;
    cpuTicks += s.cpuTicks;
    rssKb += parseVmRssKb(read(`/proc/${s.pid}/status`) ?? '');
  }
  return { cpuTicks, rssKb };
}

export interface ProcUsage {
  /** CPU over the window, percent of one core (200 = both cores of this machine busy). */
  cpuPct: number;
  /** Largest resident set seen (MB), summed over the tree. */
  rssPeakMB: number;
}

/** Samples a process tree's CPU time and RSS between `start()` and `stop()`. */
export class ProcSampler {
  private t0 = 0;
  private ticks0 = 0;
  private peakKb = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    const s = treeSample(this.root);
    this.t0 = performance.now();
    this.ticks0 = s.cpuTicks;
    this.peakKb = s.rssKb;
    this.timer = setInterval(() => {
      this.peakKb = Math.max(this.peakKb, treeSample(this.root).rssKb);
    }, this.everyMs);
  }

  stop(): ProcUsage {
    clearInterval(this.timer);
    const s = treeSample(this.root);
    const seconds = (performance.now() - this.t0) / 1000;
    return {
      cpuPct: Math.round(((s.cpuTicks - this.ticks0) / ticksPerSecond() / seconds) * 100),
      rssPeakMB: Math.round(Math.max(this.peakKb, s.rssKb) / 1024),
    };
  }
}
