/**
 * The engines Pulseboard speaks, equal to each driver's `type`. Dialects, lexer profiles and the engine table
 * (`lib/engines.ts`) are records keyed by it, so adding a name here makes the compiler list what else to add.
 */
export type EngineType = 'duckdb' | 'mysql' | 'starrocks' | 'druid';
