import { getRuntime } from '@/lib/runtime-access';

export const dynamic = 'force-dynamic';

/** Datasources by uid with their type and limits; URLs and credentials stay on the server. */
export function GET(): Response {
  return Response.json({ datasources: getRuntime().datasources.list() });
}
