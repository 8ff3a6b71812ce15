/**
 * Citizen text and maintainers' notes, kept apart.
 *
 * A definition speaks to two audiences. Citizen text (every kk/ru/en object: names, document
 * names, refusal grounds, labels…) is what a person reads on the portal: it states the rule,
 * and where a source is silent it says plainly what to bring or that the provider will tell.
 * Maintainers' notes — why a term was chosen, that a standard is not in the corpus, that a
 * version is a working edition — go to `editorial:` (English, on the object they concern) and
 * to `ambiguities`. Both are served to admins only (`editorialNotes`), never in `citizenView`.
 *
 * The loader refuses citizen text that talks about the sources (`findEditorialWording`).
 */
import type { I18n, ServiceDefinition } from './types.ts';

/**
 * Wording by which an author talks about Qyzmet or its sources rather than to the citizen,
 * per language. Kept narrow: each entry was found in citizen text once and moved out.
 */
export const EDITORIAL_WORDING: Record<keyof I18n | 'any', RegExp[]> = {
  any: [/\bQyzmet/iu],
  en: [/\b(?:sources?|corpus|excerpt)\b/iu, /\bworking (?:edition|term)\b/iu, /\bthe (?:Russian |Kazakh )?text (?:says|does not|is silent)/iu, /\((?:Russian|Kazakh) text\)/iu],
  ru: [/источник/iu, /выдержк/iu, /рабоч(?:ая|ей|ий|его) (?:редакци|срок)/iu, /текст(?:е)? на (?:русском|казахском)/iu, /в тексте не/iu],
  kk: [/дереккөз/iu, /үзінді/iu, /жұмыс (?:редакция|мерзім)/iu, /тіліндегі мәтін/iu],
};

/** Subtrees that are not citizen text: search synonyms, maintainers' fields, citations, the example payload. */
const NOT_CITIZEN_TEXT = new Set(['ambiguities', 'editorial', 'keywords', 'source', 'example']);

const isI18n = (v: unknown): v is I18n =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && ['kk', 'ru', 'en'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');

const ptr = (p: string | number) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The first citizen text (JSON pointer to the language string) that carries editorial wording, or null. */
export function findEditorialWording(def: unknown): { path: string; text: string; pattern: string } | null {
  const visit = (v: unknown, path: string): { path: string; text: string; pattern: string } | null => {
    if (isI18n(v)) {
      for (const lang of ['kk', 'ru', 'en'] as const) {
        const text = v[lang];
        for (const re of [...EDITORIAL_WORDING.any, ...EDITORIAL_WORDING[lang]]) if (re.test(text)) return { path: `${path}/${lang}`, text, pattern: re.source };
      }
      return null;
    }
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        const hit = visit(x, path + ptr(i));
        if (hit) return hit;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (NOT_CITIZEN_TEXT.has(k)) continue;
        const hit = visit(x, path + ptr(k));
        if (hit) return hit;
      }
    }
    return null;
  };
  return visit(def, '');
}

export type CitizenDefinition = Omit<ServiceDefinition, 'ambiguities'>;

/** A deep copy without `ambiguities` and any `editorial` note: what the portal serves to everyone. */
export function citizenView(def: ServiceDefinition): CitizenDefinition {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (k !== 'editorial') out[k] = strip(x);
      return out;
    }
    return v;
  };
  const { ambiguities: _omit, ...rest } = def;
  return strip(rest) as CitizenDefinition;
}

export interface EditorialNote {
  /** JSON pointer of the object the note sits on, e.g. `/documents/5`. */
  path: string;
  text: string;
  /** The citizen text of that object (its name, text, label, title…), to read the note against. */
  citizenText?: I18n;
}

const CITIZEN_TEXT_KEYS = ['name', 'text', 'label', 'title', 'reason', 'to', 'description', 'data', 'action', 'thenTo', 'note'] as const;

/** Every `editorial` note of a definition, in document order, with the citizen text it concerns. */
export function editorialNotes(def: ServiceDefinition): EditorialNote[] {
  const out: EditorialNote[] = [];
  const visit = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, path + ptr(i)));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.editorial === 'string') {
        const key = CITIZEN_TEXT_KEYS.find((k) => isI18n(o[k]));
        out.push({ path, text: o.editorial, ...(key ? { citizenText: o[key] as I18n } : {}) });
      }
      for (const [k, x] of Object.entries(o)) if (!NOT_CITIZEN_TEXT.has(k)) visit(x, path + ptr(k));
    }
  };
  visit(def, '');
  return out;
}
