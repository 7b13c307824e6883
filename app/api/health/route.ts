import { getRuntime } from '@/lib/runtime-access';

export const dynamic = 'force-dynamic';

/** 200 when every datasource answers, 503 otherwise; each datasource says `ok` or its error. */
export async function GET(): Promise<Response> {
  const datasources = await getRuntime().datasources.health();
  const ok = Object.values(datasources).every((s) => s === 'ok');
  return Response.json({ status: ok ? 'ok' : 'degraded', datasources }, { status: ok ? 200 : 503 });
}
