import Link from 'next/link';
import { GridIcon } from '@/components/icons';

/** The Pulseboard mark as the home header shows it, linking home. */
export function Brand() {
  return (
    <Link
      href="/"
      className="inline-flex items-center gap-2 rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <GridIcon className="text-blue-600 dark:text-blue-400" width={20} height={20} />
      <span className="text-lg font-semibold">Pulseboard</span>
    </Link>
  );
}
