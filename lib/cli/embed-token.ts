/**
 * `npm run embed-token -- --dashboard sales --panel 2 --ttl 1h [--var city=Lima] [--url http://localhost:3000]`
 * Prints {token, url, iframe, expiresAt}. With `PULSEBOARD_TOKEN` (an editor API token, or the bootstrap admin
 * token) the running server at `--url` issues it through `POST /api/embed-tokens`; without, it is signed here
 * with `PULSEBOARD_EMBED_SECRET` (the operator's way, on the server's machine).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DashboardStore } from '../dashboards/store';
import { issueEmbed } from '../embed/issue';
import { parseDuration } from '../sql/time-grains';

const { values } = parseArgs({
  options: {
    dashboard: { type: 'string' },
    panel: { type: 'string' },
    ttl: { type: 'string', default: '1h' },
    var: { type: 'string', multiple: true, default: [] },
    url: { type: 'string', default: process.env.PULSEBOARD_PUBLIC_URL || 'http://localhost:3000' },
  },
});

try {
  if (!values.dashboard || !values.panel) throw new Error('Give --dashboard <uid> and --panel <id>');
  const vars: Record<string, string[]> = {};
  for (const v of values.var!) {
    const [name, value] = v.split('=', 2);
    if (!name || value === undefined) throw new Error(`--var must be name=value, got "${v}"`);
    (vars[name] ??= []).push(value);
  }
  const request = {
    dashboardUid: values.dashboard,
    panelId: Number(values.panel),
    ttlSeconds: Math.round(parseDuration(values.ttl!)),
    vars: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
  };
  const token = process.env.PULSEBOARD_TOKEN;
  if (token) {
    const res = await fetch(`${values.url!.replace(/\/$/, '')}/api/embed-tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`${values.url} answered HTTP ${res.status}: ${body}`);
    console.log(JSON.stringify(JSON.parse(body), null, 2));
  } else {
    const dir = process.env.PULSEBOARD_PROVISIONING_DIR || path.join(process.cwd(), 'provisioning');
    const store = DashboardStore.fromDirectories([path.join(dir, 'dashboards')], process.env);
    const out = await issueEmbed(store, process.env.PULSEBOARD_EMBED_SECRET, values.url!, request);
    console.log(JSON.stringify(out, null, 2));
  }
} catch (err) {
  console.error(`[embed-token] ${(err as Error).message}`);
  process.exit(1);
}
