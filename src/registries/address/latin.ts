/**
 * Kazakh place and street names in Latin letters for English pages (an English page must not show
 * a Cyrillic address). A plain-ASCII romanisation of the Kazakh name, as English texts write
 * them: Өскемен → Oskemen, Қарағанды → Karagandy, Жезқазған → Zhezkazgan, Абай даңғылы →
 * Abai Avenue. Pure.
 */
const LETTERS: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'i',
  к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ұ: 'u', ү: 'u', ф: 'f', х: 'kh', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', і: 'i',
  ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Cyrillic (Kazakh or Russian) letters → Latin, keeping case; anything else as it is. */
export function latin(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const l = LETTERS[lower];
    if (l === undefined) out += ch;
    else out += ch === lower ? l : l.charAt(0).toUpperCase() + l.slice(1);
  }
  return out;
}

/** The generic word of a Kazakh name → English ("Абай даңғылы" → "Abai Avenue", "Есіл ауданы" → "Esil district"). */
const GENERIC: Array<[RegExp, string]> = [
  [/\s+даңғылы$/u, ' Avenue'],
  [/\s+көшесі$/u, ' Street'],
  [/\s+ауданы$/u, ' district'],
];

/** Every word of a name starts with a capital ("Бұқар жырау" → "Bukar Zhyrau"). */
const titled = (s: string) => s.replace(/(^|[\s-])(\p{Ll})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());

export function latinName(kk: string): string {
  for (const [re, en] of GENERIC) if (re.test(kk)) return `${titled(latin(kk.replace(re, '')))}${en}`;
  return titled(latin(kk));
}
