/**
 * `npm run bench:schema [-- --quick]`: the autocomplete figures of `npm run bench` alone (bench/scenarios/schema.ts):
 * `GET /api/datasources/<uid>/schema?prefix=…` on a generated catalog of 1,000 tables, cold and warm. Needs a
 * production build. Writes bench/results/schema.json.
 */
import { log, runBench, writeResults } from './lib';
import { formatTable, type Results } from './report';
import { schemaAutocomplete } from './scenarios/schema';

const quick = process.argv.includes('--quick');
const PORT = Number(process.env.BENCH_PORT || 3404);

runBench(async () => {
  const results: Results = {};
  log('schema autocomplete');
  await schemaAutocomplete(PORT, quick, results);
  console.log(formatTable(['figure', 'value'], Object.entries(results)));
  writeResults('schema', results, { quick });
});
