import type { Runtime } from './runtime';

const KEY = Symbol.for('pulseboard.runtime');

/**
 * The server runtime (datasources, dashboards, live hub, metrics) lives on `globalThis`, created by the custom
 * server (`lib/server/main.ts`) before Next handles a request, so route handlers and server components bundled
 * by Next share the same instance as the WebSocket hub (two module graphs, one process).
 */
export function getRuntime(): Runtime {
  const rt = (globalThis as Record<symbol, Runtime | undefined>)[KEY];
  if (!rt) throw new Error('Pulseboard runtime is not started: run the app through lib/server/main.ts (npm start)');
  return rt;
}

export function setRuntime(rt: Runtime | undefined): void {
  (globalThis as Record<symbol, Runtime | undefined>)[KEY] = rt;
}
