import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime-access';
import { authorizeEmbed, type EmbedGrant } from '@/lib/embed/access';
import { toDashboardView } from '@/components/dashboard/view-model';
import { EmbedPanel } from '@/components/embed/embed-panel';
import { EmbedMessage } from '@/components/embed/embed-message';

export const metadata: Metadata = { title: 'Embedded panel', robots: { index: false } };

const TITLES: Record<string, string> = {
  invalid: 'Embed refused',
  forbidden: 'Embed refused',
  unauthorized: 'Embed needs a token',
  not_found: 'Panel not found',
};

/** `/embed/<uid>/<panelId>?token=…`: one panel for an iframe. Access is checked here and again on every query. */
export default async function EmbedPage(props: {
  params: Promise<{ uid: string; panelId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { uid, panelId } = await props.params;
  const sp = await props.searchParams;
  const token = typeof sp.token === 'string' && sp.token ? sp.token : undefined;
  const id = Number(panelId);
  const rt = getRuntime();
  let grant: EmbedGrant;
  try {
    grant = await authorizeEmbed(rt.dashboards, rt.embedSecret, uid, id, token);
  } catch (err) {
    const reason = String((err as { code?: string }).code ?? '').replace(/^embed_/, '') || 'invalid';
    if (reason === 'expired')
      return (
        <EmbedMessage state="expired" title="Embed expired" message="This embedded panel's access token has expired." />
      );
    return (
      <EmbedMessage
        state="refused"
        reason={reason}
        title={TITLES[reason] ?? 'Embed refused'}
        message={(err as Error).message}
      />
    );
  }
  return (
    <EmbedPanel
      dashboard={toDashboardView(grant.dashboard)}
      panelId={id}
      token={token}
      expiresAt={grant.claims ? grant.claims.exp * 1000 : undefined}
      locked={grant.claims?.vars ?? {}}
    />
  );
}
