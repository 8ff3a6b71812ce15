/**
 * The service registry: every version of every service, the version in force
 * on a date (Kazakhstan local time, UTC+05:00) and a per-keystroke search over
 * names and keywords in kk/ru/en that tolerates typing without Kazakh letters.
 */
import { type LoadOptions, loadDefinitions } from './loader.ts';
import type { ServiceDefinition } from './types.ts';

/** Kazakhstan has used a single time zone, UTC+05:00, since 1 March 2024. */
export const KZ_UTC_OFFSET_MINUTES = 5 * 60;

/** The local calendar date (YYYY-MM-DD) in Kazakhstan at instant `at`. */
export function kzDate(at: Date): string {
  return new Date(at.getTime() + KZ_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

const FOLD: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е' };

/**
 * Lower-case and fold Kazakh-specific letters to their nearest Russian ones, so
 * "кызмет" matches "қызмет". A Latin `i` touching a Cyrillic letter is folded as
 * the Kazakh `і` (a common keyboard substitute, also found in the source texts).
 */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/(?<=\p{Script=Cyrillic})i|i(?=\p{Script=Cyrillic})/gu, 'и')
    .replace(/[әғқңөұүһіё]/g, (c) => FOLD[c] as string);
}

export const tokenize = (s: string): string[] => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * Only the start of a query is searched: the first `MAX_QUERY_CHARS` characters and
 * `MAX_QUERY_TOKENS` words (a pasted paragraph is answered, not refused).
 */
export const MAX_QUERY_CHARS = 120;
export const MAX_QUERY_TOKENS = 8;

interface Indexed {
  def: ServiceDefinition;
  nameWords: string[];
  keywordWords: string[];
  /** Every word: names, keywords, the code, and the card's provider line (kk/ru/en). */
  words: string[];
  /** Folded words joined by one space: names, then keywords (for whole-phrase bonuses). */
  nameText: string;
  keywordText: string;
  /** Everything searchable, folded, for substring matches. */
  text: string;
}

/** Strip up to two final letters of a long token: "архивная" → "архивн", so it still meets "архивных". */
const stem = (t: string) => (t.length >= 6 ? t.slice(0, -2) : t.length >= 5 ? t.slice(0, -1) : t);

function index(def: ServiceDefinition): Indexed {
  const names = [def.name.kk, def.name.ru, def.name.en].join(' \u0000 ');
  const keywords = def.keywords ? [def.keywords.kk, def.keywords.ru, def.keywords.en].join(' \u0000 ') : '';
  // The card shows the provider ("…отделы ЗАГС", "…АХАТ бөлімдері"): its words find the service too.
  // the card's provider line and its variant ("West Kazakhstan oblast")
  const provider = [def.provider.name.kk, def.provider.name.ru, def.provider.name.en, ...(def.variant ? [def.variant.kk, def.variant.ru, def.variant.en] : [])].join(' \u0000 ');
  const nameWords = [...new Set(tokenize(names))];
  const keywordWords = [...new Set(tokenize(keywords))];
  const words = [...new Set([...nameWords, ...keywordWords, ...tokenize(def.code), ...tokenize(provider)])];
  return {
    def,
    nameWords,
    keywordWords,
    words,
    nameText: tokenize(names).join(' '),
    keywordText: tokenize(keywords).join(' '),
    text: `${fold(names)} \u0000 ${fold(keywords)} \u0000 ${def.code} \u0000 ${fold(provider)}`,
  };
}

/**
 * Score of a definition for the query tokens; 0 = no match. Words are those of the names,
 * keywords, code and the provider line of the card. Tiers, best first:
 * 3 every token is a prefix of some word; 2 every token occurs as a substring;
 * 1 every token, with its ending stripped, is a prefix of some word (Russian/Kazakh
 * inflection). Within a tier: all tokens in the name, the whole query as a phrase
 * (name, then keywords), and per-token hits of 3+ letters (whole name word > name
 * prefix > keyword word > provider word) add to the score; one- and two-letter tokens ("о", "и")
 * only filter.
 */
function score(ix: Indexed, tokens: string[], phrase: string): number {
  const prefixOf = (ws: string[], t: string) => ws.some((w) => w.startsWith(t));
  let tier = 0;
  if (tokens.every((t) => prefixOf(ix.words, t))) tier = 3;
  else if (tokens.every((t) => ix.text.includes(t))) tier = 2;
  else if (tokens.every((t) => prefixOf(ix.words, stem(t)))) tier = 1;
  if (!tier) return 0;
  let s = tier * 1000;
  if (tokens.every((t) => prefixOf(ix.nameWords, t))) s += 200;
  if (tokens.length > 1) {
    if (ix.nameText.includes(phrase)) s += 100;
    else if (ix.keywordText.includes(phrase)) s += 80;
  }
  for (const t of tokens) {
    if (t.length < 3) continue;
    if (ix.nameWords.includes(t)) s += 30;
    else if (prefixOf(ix.nameWords, t)) s += 20;
    else if (ix.keywordWords.includes(t)) s += 10;
    else if (ix.words.includes(t)) s += 5; // the provider line
  }
  return s;
}

export class Registry {
  private readonly byCode = new Map<string, ServiceDefinition[]>();
  private readonly indexed = new Map<ServiceDefinition, Indexed>();

  constructor(definitions: readonly ServiceDefinition[]) {
    for (const d of definitions) {
      const list = this.byCode.get(d.code) ?? [];
      list.push(d);
      this.byCode.set(d.code, list);
      this.indexed.set(d, index(d));
    }
    for (const list of this.byCode.values()) list.sort((a, b) => a.version - b.version);
  }

  /** Load `services/` (or `opts.dir`) and build a registry. */
  static load(opts?: LoadOptions): Registry {
    return new Registry(loadDefinitions(opts));
  }

  codes(): string[] {
    return [...this.byCode.keys()].sort();
  }

  /** All versions of a service, oldest first; empty for an unknown code. */
  versions(code: string): ServiceDefinition[] {
    return [...(this.byCode.get(code) ?? [])];
  }

  get(code: string, version: number): ServiceDefinition | undefined {
    return this.byCode.get(code)?.find((d) => d.version === version);
  }

  /** The version whose [effectiveFrom, effectiveTo) contains the Kazakhstan local date of `at`. */
  inForce(code: string, at: Date = new Date()): ServiceDefinition | undefined {
    const day = kzDate(at);
    return this.byCode.get(code)?.find((d) => d.effectiveFrom <= day && (!d.effectiveTo || day < d.effectiveTo));
  }

  /** Every service with a version in force at `at`, ordered by code. */
  list(at: Date = new Date()): ServiceDefinition[] {
    return this.codes()
      .map((c) => this.inForce(c, at))
      .filter((d): d is ServiceDefinition => d !== undefined);
  }

  /** Services in force at `at` matching `q`, best first (ties by code). An empty query matches nothing. */
  search(q: string, at: Date = new Date()): ServiceDefinition[] {
    const tokens = tokenize(q.slice(0, MAX_QUERY_CHARS)).slice(0, MAX_QUERY_TOKENS);
    if (!tokens.length) return [];
    const phrase = tokens.join(' ');
    return this.list(at)
      .map((def) => ({ def, s: score(this.indexed.get(def) as Indexed, tokens, phrase) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || (a.def.code < b.def.code ? -1 : 1))
      .map((x) => x.def);
  }
}

/**
 * Load the registry from a services directory (`'services'` = `<cwd>/services`).
 * Async so callers can later switch to a non-blocking loader without changes.
 */
export async function loadRegistry(dir?: string): Promise<Registry> {
  return Registry.load(dir ? { dir } : {});
}
