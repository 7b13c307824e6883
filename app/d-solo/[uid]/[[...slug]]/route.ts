/** Grafana's solo-panel URL, `/d-solo/<uid>/<slug>?panelId=N&…`, sent on to `/embed/<uid>/<N>?…`. */
export function GET(req: Request, _ctx: { params: Promise<{ uid: string }> }): Response {
  const url = new URL(req.url);
  const uid = url.pathname.split('/')[2] ?? '';
  const panelId = url.searchParams.get('panelId') ?? url.searchParams.get('viewPanel');
  if (!panelId || !/^\d+$/.test(panelId))
    return Response.json({ error: 'panelId must be a panel number' }, { status: 400 });
  url.searchParams.delete('panelId');
  url.searchParams.delete('viewPanel');
  const qs = url.searchParams.toString();
  return new Response(null, { status: 307, headers: { Location: `/embed/${uid}/${panelId}${qs ? `?${qs}` : ''}` } });
}
