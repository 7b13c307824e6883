/** What an iframe shows instead of a panel: refused or expired access, said plainly rather than a blank frame. */
export function EmbedMessage({
  state,
  reason,
  title,
  message,
}: {
  state: 'refused' | 'expired';
  reason?: string;
  title: string;
  message: string;
}) {
  return (
    <div
      data-embed-state={state}
      data-reason={reason}
      role="alert"
      className="flex h-screen w-screen items-center justify-center p-4 text-center"
    >
      <div className="max-w-md">
        <p className="text-base font-semibold text-gray-800 dark:text-gray-100">{title}</p>
        <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">{message}</p>
      </div>
    </div>
  );
}
