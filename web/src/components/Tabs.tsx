/**
 * Tabs (WAI-ARIA tabs pattern): one tab stop for the whole list, ←/→ (and Home/End)
 * move between tabs and select them, the selected tab controls its panel.
 */
import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
  testId?: string;
}

export const tabId = (base: string, id: string) => `${base}-tab-${id}`;
export const panelId = (base: string, id: string) => `${base}-panel-${id}`;

export function Tabs<T extends string>({ base, label, tabs, value, onChange, fill }: { base: string; label: string; tabs: TabItem<T>[]; value: T; onChange: (v: T) => void; fill?: boolean }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const keyDown = (e: KeyboardEvent, i: number) => {
    const n = tabs.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    const t = tabs[to];
    if (!t) return;
    onChange(t.id);
    refs.current[to]?.focus();
  };
  return (
    <div className={fill ? 'tabs tabs-fill' : 'tabs'} role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={tabId(base, t.id)}
          aria-selected={t.id === value}
          aria-controls={t.id === value ? panelId(base, t.id) : undefined}
          tabIndex={t.id === value ? 0 : -1}
          className="tab"
          data-testid={t.testId}
          onClick={() => onChange(t.id)}
          onKeyDown={(e) => keyDown(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ base, id, children }: { base: string; id: string; children: ReactNode }) {
  return (
    <div className="tab-panel" role="tabpanel" id={panelId(base, id)} aria-labelledby={tabId(base, id)}>
      {children}
    </div>
  );
}
