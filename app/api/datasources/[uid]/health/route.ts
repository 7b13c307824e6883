import { getRuntime } from '@/lib/runtime-access';
import { errorResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/**
 * Grafana's "Save & test" for one datasource: `{status: 'ok', message}` when the engine answers (Druid: health
 * endpoint, then `SELECT 1`, which proves the credentials), else the engine's readable error with its status.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ uid: string }> }): Promise<Response> {
  const { uid } = await ctx.params;
  try {
    const { config, driver } = getRuntime().datasources.get(uid);
    const t0 = performance.now();
    await driver.testConnection();
    const ms = Math.round(performance.now() - t0);
    return Response.json({ status: 'ok', message: `${config.name} (${config.type}) answered in ${ms} ms` });
  } catch (err) {
    return errorResponse(err);
  }
}
