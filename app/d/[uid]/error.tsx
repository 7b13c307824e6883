'use client';

import { ErrorState } from '@/components/error-state';

export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorState title="Could not load this dashboard" error={error} retry={retry} />;
}
