import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime-access';
import { DashboardView } from '@/components/dashboard/dashboard-view';
import { toDashboardView } from '@/components/dashboard/view-model';

interface Props {
  params: Promise<{ uid: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const { uid } = await params;
  const dashboard = await getRuntime().dashboards.get(uid);
  return { title: dashboard?.title ?? 'Dashboard not found' };
}

/** A dashboard by uid; the client receives it without SQL. */
export default async function DashboardPage({ params }: Props) {
  await connection();
  const { uid } = await params;
  const dashboard = await getRuntime().dashboards.get(uid);
  if (!dashboard) notFound();
  const meta = getRuntime().library?.metaOf(uid);
  return (
    <DashboardView
      dashboard={toDashboardView(dashboard)}
      edit={{
        version: meta?.version ?? null,
        provisionedFile: meta?.provisioned ? (meta.provisionedFile ?? 'a file') : null,
      }}
    />
  );
}
