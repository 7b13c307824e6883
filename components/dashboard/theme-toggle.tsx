'use client';

import { useTheme } from '@/components/providers';
import { MoonIcon, SunIcon } from '@/components/icons';

/** Light/dark switch; pressed means dark. The choice is stored in localStorage. */
export function ThemeToggle() {
  const { theme, toggleTheme } = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      aria-label="Theme"
      aria-pressed={dark}
      data-theme={theme}
      title={dark ? 'Switch to light theme' : 'Switch to dark theme'}
      onClick={toggleTheme}
      className="inline-flex size-8 items-center justify-center rounded border border-gray-300 bg-white hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600"
    >
      {dark ? <MoonIcon /> : <SunIcon />}
    </button>
  );
}
