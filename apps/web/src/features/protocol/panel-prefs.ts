/** The panel's UI preferences (open, height), remembered in localStorage; nothing else is stored. */

export const PREFS_KEY = "tagwire.protocol-panel";
export const MIN_HEIGHT = 120;
export const DEFAULT_HEIGHT = 280;

export interface PanelPrefs {
  readonly open: boolean;
  readonly height: number;
}

export function maxHeight(): number {
  const viewport = typeof window === "undefined" ? 0 : window.innerHeight;
  return Math.max(MIN_HEIGHT, Math.round((viewport || 900) * 0.8));
}

export function clampHeight(height: number): number {
  if (!Number.isFinite(height)) return DEFAULT_HEIGHT;
  return Math.round(Math.min(maxHeight(), Math.max(MIN_HEIGHT, height)));
}

export function loadPrefs(): PanelPrefs {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(PREFS_KEY) ?? "null");
    if (typeof saved === "object" && saved !== null) {
      const { open, height } = saved as Record<string, unknown>;
      return {
        open: open === true,
        height: typeof height === "number" ? clampHeight(height) : DEFAULT_HEIGHT,
      };
    }
  } catch {
    // Storage blocked or the value unreadable: the defaults.
  }
  return { open: false, height: DEFAULT_HEIGHT };
}

export function savePrefs(prefs: PanelPrefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ open: prefs.open, height: prefs.height }));
  } catch {
    // Storage full or blocked: the preference lasts for this page only.
  }
}
