import { getRuntime } from '@/lib/runtime-access';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ dashboards: getRuntime().dashboards.list() });
}
