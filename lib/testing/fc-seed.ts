/**
 * Seed of the generated (fast-check) tests. Fixed, so CI and every run of `npm test` try the same cases;
 * `FC_SEED=<n>` replays another run, `FC_SEED=random` explores new cases. fast-check names the seed and the
 * shrunk counterexample of a failure; this module also prints the seed in use when it is not the default.
 */
const DEFAULT_FC_SEED = 20_260_111;

function seedFrom(env: string | undefined): number {
  if (!env) return DEFAULT_FC_SEED;
  if (env === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const n = Number(env);
  if (!Number.isSafeInteger(n)) throw new Error(`FC_SEED must be an integer or "random", got "${env}"`);
  return n;
}

export const FC_SEED = seedFrom(process.env.FC_SEED);
if (FC_SEED !== DEFAULT_FC_SEED) {
  // Processes started from this one (Playwright's workers) draw the same seed.
  process.env.FC_SEED = String(FC_SEED);
  console.log(`[fast-check] seed ${FC_SEED} (replay with FC_SEED=${FC_SEED})`);
}
