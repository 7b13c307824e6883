import type { Results } from '../report';

/** What every scenario gets: the server under test and where figures go. */
export interface BenchContext {
  /** `http://127.0.0.1:<port>` of the production server. */
  base: string;
  serverPid: number;
  quick: boolean;
  results: Results;
}
