/**
 * The compact controls of the dashboard toolbar, edit mode, the share dialog and the import page (the account pages
 * have their own, roomier set in `components/account/ui.tsx`).
 */
export const buttonClass =
  'inline-flex h-8 items-center gap-1 rounded border border-gray-300 bg-white px-3 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-50 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600';
export const primaryClass =
  'inline-flex h-8 items-center gap-1 rounded bg-blue-600 px-3 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-50';
export const dangerClass =
  'inline-flex h-8 items-center gap-1 rounded bg-red-600 px-3 text-sm font-medium text-white hover:bg-red-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-50';
export const inputClass =
  'h-8 min-w-0 rounded border border-gray-300 bg-white px-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950';
