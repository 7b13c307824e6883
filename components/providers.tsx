'use client';

import { createContext, useContext, useLayoutEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { readInitialTheme, THEME_STORAGE_KEY, type Theme } from './theme-script';

interface ThemeContextValue {
  /** Active theme; `light` during server render and hydration. */
  theme: Theme;
  setTheme: (theme: Theme) => void;
  toggleTheme: () => void;
}

let currentTheme: Theme | null = null;
const listeners = new Set<() => void>();

function getTheme(): Theme {
  currentTheme ??= readInitialTheme();
  return currentTheme;
}

function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

function setTheme(theme: Theme): void {
  currentTheme = theme;
  applyTheme(theme);
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage can be unavailable (private mode, sandboxed iframe): the theme still applies for this page.
  }
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void): () => void {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

const ThemeContext = createContext<ThemeContextValue>({
  theme: 'light',
  setTheme: () => {},
  toggleTheme: () => {},
});

/** Current theme and setters. */
export function useTheme(): ThemeContextValue {
  return useContext(ThemeContext);
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false, retry: false, staleTime: 5_000 },
    },
  });
}

/** App-wide client providers: React Query and the light/dark theme. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const theme = useSyncExternalStore(subscribe, getTheme, () => 'light' as const);

  // React's dev remount resets <html> attributes the inline script set; re-apply the store's value before paint.
  useLayoutEffect(() => applyTheme(getTheme()), [theme]);

  const value: ThemeContextValue = {
    theme,
    setTheme,
    toggleTheme: () => setTheme(getTheme() === 'dark' ? 'light' : 'dark'),
  };

  return (
    <QueryClientProvider client={queryClient}>
      <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>
    </QueryClientProvider>
  );
}
