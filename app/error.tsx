'use client';

import { ErrorState } from '@/components/error-state';

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorState title="Something went wrong" error={error} retry={retry} />;
}
