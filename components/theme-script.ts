/** Theme plumbing shared by the root layout (server) and the client provider. */

export type Theme = 'light' | 'dark';

/** localStorage key holding the viewer's chosen theme. */
export const THEME_STORAGE_KEY = 'pulseboard-theme';

/**
 * Runs in <head> before first paint: `?theme=light|dark` wins (embeds, shared links), then the stored choice,
 * then light. Sets the `dark` class Tailwind's dark variant keys on.
 */
export const THEME_SCRIPT = `(function(){try{var q=new URLSearchParams(location.search).get("theme");var t=q==="dark"||q==="light"?q:localStorage.getItem("${THEME_STORAGE_KEY}");document.documentElement.classList.toggle("dark",t==="dark")}catch(e){}})()`;

/** Same resolution as THEME_SCRIPT, for client code. */
export function readInitialTheme(): Theme {
  try {
    const q = new URLSearchParams(window.location.search).get('theme');
    if (q === 'dark' || q === 'light') return q;
    return window.localStorage.getItem(THEME_STORAGE_KEY) === 'dark' ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}
