import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for one runtime; served at `GET /metrics`. */
export function createMetrics(withDefaults = true) {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'pulseboard_' });
  return {
    registry,
    queries: new Counter({
      name: 'pulseboard_datasource_queries_total',
      help: 'Queries sent to a datasource engine (after in-flight deduplication)',
      labelNames: ['datasource', 'source', 'status'] as const,
      registers: [registry],
    }),
    queryDuration: new Histogram({
      name: 'pulseboard_datasource_query_duration_seconds',
      help: 'Engine query time',
      labelNames: ['datasource'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    liveSubscriptions: new Gauge({
      name: 'pulseboard_live_subscriptions',
      help: 'Live panel subscriptions',
      registers: [registry],
    }),
    liveChannels: new Gauge({
      name: 'pulseboard_live_channels',
      help: 'Distinct live queries (shared by subscribers)',
      registers: [registry],
    }),
    wsClients: new Gauge({
      name: 'pulseboard_ws_clients',
      help: 'Open WebSocket connections on /api/live',
      registers: [registry],
    }),
    liveReads: new Counter({
      name: 'pulseboard_live_reads_total',
      help: 'Engine reads by live ticks: tail (the lateness window), whole (reconciliation, or a query that cannot be read in parts)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    liveMessages: new Counter({
      name: 'pulseboard_live_messages_total',
      help: 'Live messages sent to clients',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    ingestedRows: new Counter({
      name: 'pulseboard_ingested_rows_total',
      help: 'Rows written through ingest or the simulator',
      labelNames: ['table', 'source'] as const,
      registers: [registry],
    }),
    unhandledRejections: new Counter({
      name: 'pulseboard_unhandled_rejections_total',
      help: 'Promise rejections nothing handled (each is a bug: the tests require 0)',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
