/**
 * Language: kk (default, the state language), ru or en; chosen in the header and
 * remembered in localStorage. `t()` reads the UI dictionary, `pick()` chooses the
 * current language from the `{ kk, ru, en }` texts the API sends.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { I18n, Lang } from '../../src/registry/types.ts';
import { type MessageKey, messages } from './messages.ts';

export type { Lang };
export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];
export const LANG_LABELS: Record<Lang, { short: string; name: string }> = {
  kk: { short: 'ҚАЗ', name: 'Қазақша' },
  ru: { short: 'РУС', name: 'Русский' },
  en: { short: 'ENG', name: 'English' },
};
const STORAGE_KEY = 'qyzmet.lang';

function initialLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'kk' || v === 'ru' || v === 'en') return v;
  } catch {
    /* storage unavailable (private mode): fall back to Kazakh */
  }
  return 'kk';
}

export function fill(s: string, params?: Record<string, string | number>): string {
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** Plural form from a `one|few|many` (ru) or `one|other` (en) dictionary entry. */
function plural(lang: Lang, forms: string, n: number): string {
  const f = forms.split('|');
  if (f.length === 1) return f[0] as string;
  const cat = new Intl.PluralRules(lang === 'kk' ? 'en' : lang).select(n);
  if (lang === 'ru') return (cat === 'one' ? f[0] : cat === 'few' ? f[1] : f[2]) ?? (f[f.length - 1] as string);
  return (cat === 'one' ? f[0] : f[1]) as string;
}

export interface I18nApi {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  pick: (text: I18n | null | undefined) => string;
  /** "15 working days", "15 рабочих дней", "15 жұмыс күні". */
  duration: (amount: number, unit: string) => string;
}

const Ctx = createContext<I18nApi | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const api = useMemo<I18nApi>(() => {
    const dict = messages[lang];
    const t = (key: MessageKey, params?: Record<string, string | number>) => fill(dict[key] ?? messages.en[key] ?? key, params);
    return {
      lang,
      setLang,
      t,
      pick: (text) => (text ? text[lang] || text.ru || text.en || '' : ''),
      duration: (amount, unit) => {
        const key = `unit.${unit}` as MessageKey;
        if (!(key in dict)) return `${amount} ${unit}`;
        if (unit === 'same-day') return dict[key];
        return `${amount} ${plural(lang, dict[key], amount)}`;
      },
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useI18n(): I18nApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside LangProvider');
  return v;
}

// ------------------------------------------------------------------ dates

const KZ_OFFSET_MS = 5 * 3600_000; // Kazakhstan has one time zone, UTC+5, since 1 March 2024
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-01` → `01.12.2026` (a date-only value is never shifted by time zones). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  if (iso.length > 10) {
    const d = new Date(Date.parse(iso) + KZ_OFFSET_MS);
    if (!Number.isNaN(d.getTime())) return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  }
  return `${m[3]}.${m[2]}.${m[1]}`;
}

/** An ISO timestamp in Kazakhstan time: `01.12.2026 10:05`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + KZ_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Today in Kazakhstan as `YYYY-MM-DD`. */
export function todayKz(now = Date.now()): string {
  return new Date(now + KZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO timestamp's time of day in Kazakhstan: `10:05`. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + KZ_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Keep a short value (a masked phone number) on one line. */
export const nbsp = (s: string): string => s.replace(/ /g, '\u00a0');
