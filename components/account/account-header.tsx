import { ThemeToggle } from '@/components/dashboard/theme-toggle';
import { Brand } from './brand';
import { UserMenu } from './user-menu';

/** The header of the account pages (profile, admin): the mark, the theme switch and the user menu. */
export function AccountHeader() {
  return (
    <header className="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <div className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-3">
        <Brand />
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
