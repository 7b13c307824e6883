import type { AuthService } from './auth/service';
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

const AUTH_KEY = Symbol.for('pulseboard.auth');

/** Accounts (`lib/auth/service.ts`), shared the same way as the runtime. */
export function getAuth(): AuthService {
  const auth = (globalThis as Record<symbol, AuthService | undefined>)[AUTH_KEY];
  if (!auth) throw new Error('Pulseboard accounts are not started: run the app through lib/server/main.ts (npm start)');
  return auth;
}

export function setAuth(auth: AuthService | undefined): void {
  (globalThis as Record<symbol, AuthService | undefined>)[AUTH_KEY] = auth;
}
