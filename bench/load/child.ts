/** The load generator side of the IPC protocol `LoadProcess` (bench/lib.ts) speaks. */

export type ParentCommand = { type: 'mark' } | { type: 'report' } | { type: 'stop' };
export type ChildReply = { type: 'ready' } | { type: 'marked' } | { type: 'report'; report: unknown };

export interface LoadGenerator<Config> {
  /** Open connections and wait until the load runs steadily. */
  start(config: Config): Promise<void>;
  /** Forget what was counted so far. */
  mark(): void;
  report(): unknown;
  stop(): void;
}

/** Run a generator with the config passed as argv[2] and answer the parent until it says stop. */
export function serveParent<Config>(gen: LoadGenerator<Config>): void {
  const send = (m: ChildReply) => process.send!(m);
  process.on('message', (m: ParentCommand) => {
    if (m.type === 'mark') {
      gen.mark();
      send({ type: 'marked' });
    } else if (m.type === 'report') {
      send({ type: 'report', report: gen.report() });
    } else {
      gen.stop();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  gen.start(JSON.parse(process.argv[2]) as Config).then(
    () => send({ type: 'ready' }),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
