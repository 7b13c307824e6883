import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getRuntime } from '@/lib/runtime-access';

/**
 * Checks the dashboard exists before anything streams: here, outside the page's loading boundary, notFound()
 * still sets a 404 status (inside it, the loading fallback would already have sent 200).
 */
export default async function DashboardLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ uid: string }>;
}) {
  await connection();
  const { uid } = await params;
  if (!(await getRuntime().dashboards.get(uid))) notFound();
  return children;
}
