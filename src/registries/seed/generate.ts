/**
 * The synthetic population, generated in memory, deterministically from a seed:
 * persons with valid IINs (birth date, century/sex digit and check digit consistent with
 * the person), families (marriages at plausible ages, children mostly after the marriage,
 * divorces and remarriages, deaths, surname changes at marriage, name-change acts,
 * out-of-wedlock births with paternity records, adoptions), civil act records (paper-only
 * before the electronic cut-offs), addresses and registration history, legal entities with
 * heads from the population (valid BINs), and powers of attorney.
 *
 * Cohorts are generated oldest first, so the children of earlier households grow up and
 * marry into later ones (grandparents, parents and children are linked).
 * The demo accounts' people come first with fixed families (./demo-families.ts).
 */
import type { Region } from '../../regions.ts';
import type { ActKind, ActRole, Bilingual } from '../catalogue.ts';
import { isElectronicRecord } from '../civil-registry/index.ts';
import { LOCALITIES, type Locality, REGION_WEIGHTS, STREETS, FOREIGN_BIRTHPLACES } from '../address/places.ts';
import {
  maleNameEntry,
  masculineSurname,
  NAME_SETS,
  NATIONALITY_WEIGHTS,
  type Nationality,
  patronymicFor,
  surnameFor,
} from '../persons/names.ts';
import { Rng, Weighted } from './rng.ts';

type MaleName = [string, string, string];

export const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
// Day numbers → ISO strings and years, cached in arrays (the generator asks millions of times).
const BASE_DAY = Date.UTC(1800, 0, 1) / DAY_MS;
const isoCache: Array<string | undefined> = [];
const yearCache = new Int16Array(120_000);
export function isoOf(day: number): string {
  const i = day - BASE_DAY;
  let s = isoCache[i];
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (i >= 0 && i < yearCache.length) {
      isoCache[i] = s;
      yearCache[i] = Number(s.slice(0, 4));
    }
  }
  return s;
}
export const yearOf = (day: number): number => {
  const i = day - BASE_DAY;
  const y = i >= 0 && i < yearCache.length ? yearCache[i] : 0;
  return y ? y : Number(isoOf(day).slice(0, 4));
};
const years = (n: number) => Math.round(n * 365.25);

export interface GAddress {
  id: number;
  region: Region;
  loc: Locality;
  district: Bilingual | null;
  street: Bilingual | null;
  house: string;
  flat: string | null;
}

export interface GReg {
  addr: number;
  kind: 'permanent' | 'temporary';
  from: number;
  to: number | null;
}

export interface GLink {
  iin: string;
  rel: string;
  relation: 'mother' | 'father' | 'spouse';
  basis: 'birth' | 'paternity' | 'adoption' | 'marriage';
  since: number | null;
  until: number | null;
}

export interface GPerson {
  iin: string;
  surname: string;
  given: string;
  patr: string | null;
  birthSurname: string | null;
  bd: number;
  sex: 'M' | 'F';
  nat: Nationality;
  bCountry: string;
  bRegion: Region | null;
  bLoc: string | null;
  cit: string;
  death: number | null;
  maleName: MaleName | null;
  regs: GReg[];
  spouseLinks: GLink[];
  /** Latest life event (the person is alive at least until then). */
  last: number;
  /** Demo people: no random death, name change, random roles. */
  fixed: boolean;
  region: Region;
  loc: Locality;
}

export interface GAct {
  id: number;
  kind: ActKind;
  number: string;
  date: number;
  body: string;
  details: Record<string, unknown> | null;
  parts: Array<[string, ActRole]>;
}

export interface GEntity {
  bin: string;
  nameKk: string;
  nameRu: string;
  formKk: string;
  formRu: string;
  registeredOn: number;
  head: GPerson | null;
  addr: number;
  oked: string;
  status: 'active' | 'liquidated';
  liquidatedOn: number | null;
}

export interface GPoa {
  number: string;
  principal: string;
  representative: string;
  scope: string[];
  validFrom: number;
  validTo: number;
  notarised: boolean;
  notary: string | null;
  issuedOn: number;
  revokedOn: number | null;
}

export interface Population {
  persons: GPerson[];
  addresses: GAddress[];
  links: GLink[];
  acts: GAct[];
  entities: GEntity[];
  poas: GPoa[];
}

/** Service codes a power of attorney may name (services/). */
export const SERVICE_CODES = [
  'address-reference',
  'adoption-registration',
  'archival-reference',
  'birth-registration',
  'civil-record-restoration',
  'civil-record-restoration-wko',
  'civil-repeat-certificate',
  'death-registration',
  'divorce-registration',
  'end-user-certificate',
  'guardianship-reference',
  'identity-document',
  'marriage-registration',
  'minor-deposit-reference',
  'name-change-registration',
  'paternity-registration',
  'processing-permit',
];

const ACT_CODE: Record<ActKind, string> = { birth: 'B', marriage: 'M', divorce: 'D', death: 'X', paternity: 'P', adoption: 'A', name_change: 'N' };
const ACT_KIND_INDEX: Record<ActKind, number> = { birth: 0, marriage: 1, divorce: 2, death: 3, paternity: 4, adoption: 5, name_change: 6 };

/** Fast IIN/BIN check digit (kz-facts §1), null when both passes give 10. */
function check11(s: string): number | null {
  let a = 0;
  let b = 0;
  for (let i = 0; i < 11; i++) {
    const x = s.charCodeAt(i) - 48;
    a += x * (i + 1);
    b += x * (((i + 2) % 11) + 1);
  }
  const r1 = a % 11;
  if (r1 !== 10) return r1;
  const r2 = b % 11;
  return r2 === 10 ? null : r2;
}

const LEGAL_FORMS: Array<readonly [{ kk: string; ru: string }, number]> = [
  [{ kk: 'ЖШС', ru: 'ТОО' }, 80],
  [{ kk: 'АҚ', ru: 'АО' }, 5],
  [{ kk: 'ҚБ', ru: 'ОО' }, 5],
  [{ kk: 'ӨК', ru: 'ПК' }, 5],
  [{ kk: 'ММ', ru: 'ГУ' }, 5],
];
const BRAND_FIRST: Array<[string, string]> = [
  ['Алтын', 'Алтын'], ['Нұр', 'Нур'], ['Сарыарқа', 'Сарыарка'], ['Жетісу', 'Жетысу'], ['Береке', 'Береке'], ['Тұлпар', 'Тулпар'],
  ['Ақ Жол', 'Ак Жол'], ['Көкжиек', 'Кокжиек'], ['Қазына', 'Казына'], ['Бәйтерек', 'Байтерек'], ['Шаңырақ', 'Шанырак'], ['Кең Дала', 'Кен Дала'],
  ['Ертіс', 'Иртыш'], ['Атамекен', 'Атамекен'], ['Болашақ', 'Болашак'], ['Сұңқар', 'Сункар'], ['Алатау', 'Алатау'], ['Қаратау', 'Каратау'],
  ['Іле', 'Иле'], ['Маңғыстау', 'Мангистау'], ['Дәулет', 'Даулет'], ['Ақниет', 'Акниет'], ['Самал', 'Самал'], ['Арман', 'Арман'],
];
const BRAND_SECOND = ['Строй', 'Сервис', 'Трейд', 'Логистик', 'Агро', 'Инвест', 'Групп', 'Энерго', 'Транс', 'Медиа', 'Фарм', 'Консалт', 'Техно', 'Плюс', 'Курылыс', 'Сауда'];
const OKED = ['41201', '46900', '47190', '49410', '62010', '01110', '68201', '85100', '86210', '56101', '45200', '43390'];

export interface GenerateOptions {
  persons: number;
  seed: number;
  /** The population's "today" (ISO date). */
  asOf: string;
  /** First id for addresses / act records (ids already taken in the tables). */
  addressIdBase?: number;
  actIdBase?: number;
  onProgress?: (generated: number) => void;
}

export class Generator {
  readonly rng: Rng;
  readonly asOf: number;
  readonly target: number;
  readonly pop: Population = { persons: [], addresses: [], links: [], acts: [], entities: [], poas: [] };
  #used = new Set<string>();
  #serial = new Map<string, number>();
  #binSerial = new Map<string, number>();
  #actSeq = new Map<number, number>();
  #pool = new Map<number, GPerson[]>();
  #men = new Map<number, GPerson[]>();
  #addrId: number;
  #actId: number;
  #poaSeq = 0;
  #places: Weighted<Region>;
  #localities: Map<Region, Weighted<Locality>>;
  #nat: Weighted<Nationality>;
  #onProgress: ((n: number) => void) | undefined;

  constructor(opts: GenerateOptions) {
    this.rng = new Rng(opts.seed);
    this.asOf = dayOf(opts.asOf);
    this.target = opts.persons;
    this.#addrId = opts.addressIdBase ?? 0;
    this.#actId = opts.actIdBase ?? 0;
    this.#onProgress = opts.onProgress;
    this.#places = new Weighted(Object.entries(REGION_WEIGHTS) as Array<[Region, number]>);
    this.#localities = new Map((Object.keys(LOCALITIES) as Region[]).map((r) => [r, new Weighted(LOCALITIES[r].map((l) => [l, l.weight] as const))]));
    this.#nat = new Weighted(NATIONALITY_WEIGHTS);
  }

  get full(): boolean {
    return this.pop.persons.length >= this.target;
  }

  // ------------------------------------------------------------ identifiers

  /** Reserve an IIN that is fixed elsewhere (demo accounts). */
  reserve(iin: string) {
    this.#used.add(iin);
  }

  iin(bd: number, sex: 'M' | 'F'): string {
    const iso = isoOf(bd);
    const y = Number(iso.slice(0, 4));
    const c = (y < 1900 ? 1 : y < 2000 ? 3 : 5) + (sex === 'F' ? 1 : 0);
    const head = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${c}`;
    let s = this.#serial.get(head) ?? 1;
    for (; s < 10_000; s++) {
      const body = head + String(s).padStart(4, '0');
      const k = check11(body);
      if (k === null) continue;
      const iin = body + k;
      if (this.#used.has(iin)) continue;
      this.#used.add(iin);
      this.#serial.set(head, s + 1);
      return iin;
    }
    throw new Error(`no IIN serial left for ${iso}`);
  }

  bin(day: number, type = 4, attr = 0): string {
    const iso = isoOf(day);
    const head = `${iso.slice(2, 4)}${iso.slice(5, 7)}${type}${attr}`;
    let s = this.#binSerial.get(head) ?? this.rng.int(1, 300);
    for (; s < 100_000; s++) {
      const body = head + String(s).padStart(5, '0');
      const k = check11(body);
      if (k === null) continue;
      const bin = body + k;
      if (this.#used.has(bin)) continue;
      this.#used.add(bin);
      this.#binSerial.set(head, s + 1);
      return bin;
    }
    throw new Error(`no BIN serial left for ${iso}`);
  }

  // ------------------------------------------------------------ places

  place(): { region: Region; loc: Locality } {
    const region = this.#places.pick(this.rng);
    return { region, loc: this.locIn(region) };
  }

  locIn(region: Region): Locality {
    return (this.#localities.get(region) as Weighted<Locality>).pick(this.rng);
  }

  locByName(region: Region, kk: string): Locality {
    const l = LOCALITIES[region].find((x) => x.kk === kk);
    if (!l) throw new Error(`no locality ${kk} in ${region}`);
    return l;
  }

  locByNameRu(region: Region, ru: string): Locality {
    const l = LOCALITIES[region].find((x) => x.ru === ru);
    if (!l) throw new Error(`no locality ${ru} in ${region}`);
    return l;
  }

  address(region: Region, loc: Locality, fixed?: { district?: string; street: string; house: string; flat: string | null }): number {
    const id = ++this.#addrId;
    let a: GAddress;
    if (fixed) {
      const street = STREETS.find((s) => s.kk === fixed.street) ?? { kk: fixed.street, ru: fixed.street };
      const district = fixed.district ? (loc.districts?.find((d) => d.kk === fixed.district) ?? null) : null;
      a = { id, region, loc, district, street, house: fixed.house, flat: fixed.flat };
    } else {
      const city = loc.kind === 'city';
      const flatBlock = city && this.rng.chance(0.75);
      a = {
        id,
        region,
        loc,
        district: loc.districts ? this.rng.pick(loc.districts) : null,
        street: this.rng.pick(STREETS),
        house: String(flatBlock ? this.rng.int(1, 220) : this.rng.int(1, 160)),
        flat: flatBlock ? String(this.rng.int(1, 180)) : null,
      };
    }
    this.pop.addresses.push(a);
    return id;
  }

  #bodies = new Map<Locality, string>();
  body(loc: Locality): string {
    let b = this.#bodies.get(loc);
    if (!b) this.#bodies.set(loc, (b = `Отдел ЗАГС ${loc.kind === 'city' ? 'г.' : 'с.'} ${loc.ru}`));
    return b;
  }

  // ------------------------------------------------------------ persons, registrations, links, acts

  person(p: Omit<GPerson, 'regs' | 'spouseLinks' | 'last' | 'death' | 'birthSurname' | 'iin'> & { iin?: string; birthSurname?: string | null }): GPerson {
    const person: GPerson = {
      iin: p.iin ?? this.iin(p.bd, p.sex),
      surname: p.surname,
      given: p.given,
      patr: p.patr,
      birthSurname: p.birthSurname ?? null,
      bd: p.bd,
      sex: p.sex,
      nat: p.nat,
      bCountry: p.bCountry,
      bRegion: p.bRegion,
      bLoc: p.bLoc,
      cit: p.cit,
      death: null,
      maleName: p.maleName,
      regs: [],
      spouseLinks: [],
      last: p.bd,
      fixed: p.fixed,
      region: p.region,
      loc: p.loc,
    };
    this.#used.add(person.iin);
    this.pop.persons.push(person);
    if (person.sex === 'M' && !person.fixed) {
      const y = yearOf(person.bd);
      let arr = this.#men.get(y);
      if (!arr) this.#men.set(y, (arr = []));
      arr.push(person);
    }
    if (this.#onProgress && this.pop.persons.length % 10_000 === 0) this.#onProgress(this.pop.persons.length);
    return person;
  }

  touch(p: GPerson, day: number) {
    if (day > p.last) p.last = day;
  }

  /** Register p at addr from `from`, ending the current permanent registration. */
  register(p: GPerson, addr: number, from: number, kind: 'permanent' | 'temporary' = 'permanent', to: number | null = null) {
    if (kind === 'permanent') {
      for (const r of p.regs) if (r.kind === 'permanent' && r.to === null) r.to = from;
    }
    p.regs.push({ addr, kind, from, to });
    this.touch(p, from);
  }

  currentAddr(p: GPerson): number | null {
    for (let i = p.regs.length - 1; i >= 0; i--) {
      const r = p.regs[i] as GReg;
      if (r.kind === 'permanent' && r.to === null) return r.addr;
    }
    return null;
  }

  act(kind: ActKind, date: number, loc: Locality, parts: Array<[GPerson, ActRole]>, details: Record<string, unknown> | null = null): GAct {
    const year = yearOf(date);
    const key = year * 16 + ACT_KIND_INDEX[kind];
    const seq = (this.#actSeq.get(key) ?? 0) + 1;
    this.#actSeq.set(key, seq);
    const tuples: Array<[string, ActRole]> = new Array(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const [p, role] = parts[i] as [GPerson, ActRole];
      tuples[i] = [p.iin, role];
      if (date > p.last) p.last = date;
    }
    const a: GAct = {
      id: ++this.#actId,
      kind,
      number: `${year}/${ACT_CODE[kind]}/${String(seq).padStart(6, '0')}`,
      date,
      body: this.body(loc),
      details,
      parts: tuples,
    };
    this.pop.acts.push(a);
    return a;
  }

  parentLink(child: GPerson, parent: GPerson, basis: GLink['basis'], since: number) {
    this.pop.links.push({ iin: child.iin, rel: parent.iin, relation: parent.sex === 'F' ? 'mother' : 'father', basis, since, until: null });
  }

  marry(h: GPerson, w: GPerson, date: number, loc: Locality, takeSurname: boolean) {
    const before = w.surname;
    if (takeSurname) {
      const after = surnameFor(masculineSurname(h.surname), 'F');
      if (after !== before) {
        w.birthSurname ??= before;
        w.surname = after;
      }
    }
    this.act(
      'marriage',
      date,
      loc,
      [
        [h, 'husband'],
        [w, 'wife'],
      ],
      { wifeSurnameBefore: before, wifeSurnameAfter: w.surname, husbandSurname: h.surname },
    );
    const a: GLink = { iin: h.iin, rel: w.iin, relation: 'spouse', basis: 'marriage', since: date, until: null };
    const b: GLink = { iin: w.iin, rel: h.iin, relation: 'spouse', basis: 'marriage', since: date, until: null };
    this.pop.links.push(a, b);
    h.spouseLinks.push(a, b);
    w.spouseLinks.push(a, b);
  }

  divorce(h: GPerson, w: GPerson, date: number, loc: Locality) {
    this.act('divorce', date, loc, [
      [h, 'husband'],
      [w, 'wife'],
    ]);
    for (const l of h.spouseLinks) if ((l.rel === w.iin || l.iin === w.iin) && l.until === null) l.until = date;
  }

  /** A child born to mother (and father, when known) with a birth act and registration at the mother's address. */
  child(opts: { mother: GPerson | null; father: GPerson | null; bd: number; sex: 'M' | 'F'; region: Region; loc: Locality; surnameMasc: string; fatherName: MaleName; nat: Nationality; fixed?: boolean; iin?: string; given?: string; patr?: string }): GPerson {
    const { mother, father } = opts;
    const p = this.person({
      ...(opts.iin ? { iin: opts.iin } : {}),
      surname: surnameFor(opts.surnameMasc, opts.sex),
      given: opts.given ?? (opts.sex === 'M' ? this.rng.pick(NAME_SETS[opts.nat].male)[0] : this.rng.pick(NAME_SETS[opts.nat].female)),
      patr: opts.patr ?? patronymicFor(opts.fatherName, opts.sex, opts.nat, yearOf(opts.bd)),
      bd: opts.bd,
      sex: opts.sex,
      nat: opts.nat,
      bCountry: 'KZ',
      bRegion: opts.region,
      bLoc: opts.loc.ru,
      cit: 'KZ',
      maleName: null,
      fixed: opts.fixed ?? false,
      region: opts.region,
      loc: opts.loc,
    });
    if (p.sex === 'M') p.maleName = maleNameEntry(p.given);
    const actDate = Math.min(opts.bd + this.rng.int(3, 25), Math.max(opts.bd, this.asOf));
    const parts: Array<[GPerson, ActRole]> = [[p, 'child']];
    if (mother) parts.push([mother, 'mother']);
    if (father) parts.push([father, 'father']);
    this.act('birth', actDate, opts.loc, parts);
    if (mother) {
      this.parentLink(p, mother, 'birth', opts.bd);
      this.touch(mother, opts.bd);
    }
    if (father) {
      this.parentLink(p, father, 'birth', opts.bd);
      this.touch(father, opts.bd);
    }
    const home = mother ? this.currentAddr(mother) : null;
    this.register(p, home ?? this.address(opts.region, opts.loc), actDate);
    if (!p.fixed && opts.bd <= this.asOf - years(18)) this.#toPool(p);
    return p;
  }

  #toPool(p: GPerson) {
    const key = yearOf(p.bd) * 2 + (p.sex === 'F' ? 1 : 0);
    let arr = this.#pool.get(key);
    if (!arr) this.#pool.set(key, (arr = []));
    arr.push(p);
  }

  #fromPool(sex: 'M' | 'F', year: number): GPerson | null {
    const arr = this.#pool.get(year * 2 + (sex === 'F' ? 1 : 0));
    if (!arr?.length || !this.rng.chance(0.65)) return null;
    const i = this.rng.int(0, arr.length - 1);
    const p = arr[i] as GPerson;
    arr[i] = arr[arr.length - 1] as GPerson;
    arr.pop();
    return p;
  }

  /** An adult who enters the population from outside the generated families. */
  adult(sex: 'M' | 'F', year: number, nat: Nationality, home: { region: Region; loc: Locality }): GPerson | null {
    if (this.full) return null;
    const jan1 = dayOf(`${year}-01-01`);
    const bd = jan1 + this.rng.int(0, dayOf(`${year + 1}-01-01`) - jan1 - 1);
    const names = NAME_SETS[nat];
    const foreign = this.rng.chance(0.03);
    const fp = foreign ? this.rng.pick(FOREIGN_BIRTHPLACES) : null;
    const bRegion = fp ? null : this.rng.chance(0.8) ? home.region : this.#places.pick(this.rng);
    const bLocality = bRegion ? this.locIn(bRegion) : null;
    const maleName = sex === 'M' ? this.rng.pick(names.male) : null;
    const p = this.person({
      surname: surnameFor(this.rng.pick(names.surnames), sex),
      given: maleName ? maleName[0] : this.rng.pick(names.female),
      patr: patronymicFor(this.rng.pick(names.male), sex, nat, year),
      bd,
      sex,
      nat,
      bCountry: fp ? fp.country : 'KZ',
      bRegion,
      bLoc: fp ? fp.locality : (bLocality as Locality).ru,
      cit: fp && this.rng.chance(0.35) ? fp.country : 'KZ',
      maleName,
      fixed: false,
      region: home.region,
      loc: home.loc,
    });
    if (bRegion && bLocality) {
      // Born in Kazakhstan: birth record (paper before the cut-off) and the parents' home.
      const actDate = Math.min(bd + this.rng.int(3, 25), this.asOf);
      this.act('birth', actDate, bLocality, [[p, 'child']]);
      this.register(p, this.address(bRegion, bLocality), actDate);
    } else {
      const arrival = Math.min(bd + years(this.rng.int(5, 30)) + this.rng.int(0, 364), this.asOf);
      this.register(p, this.address(home.region, home.loc), arrival);
    }
    return p;
  }

  #pickNat(): Nationality {
    return this.#nat.pick(this.rng);
  }

  #childCount(): number {
    const r = this.rng.next();
    return r < 0.1 ? 0 : r < 0.3 ? 1 : r < 0.6 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5;
  }

  /** Children of a couple from `start`, stopping at the mother's 45th year, `until` (divorce/death) or today. */
  #children(h: GPerson, w: GPerson, start: number, until: number, home: { region: Region; loc: Locality }, n: number) {
    let t = start;
    for (let i = 0; i < n && !this.full; i++) {
      if (t > until || t > this.asOf || t > w.bd + years(45)) break;
      if (t < w.bd + years(17) || t < h.bd + years(17)) break;
      this.child({
        mother: w,
        father: h,
        bd: t,
        sex: this.rng.chance(0.51) ? 'M' : 'F',
        region: home.region,
        loc: home.loc,
        surnameMasc: masculineSurname(h.surname),
        fatherName: h.maleName ?? maleNameEntry(h.given),
        nat: h.nat,
      });
      t += this.rng.int(400, 1800);
    }
  }

  /** A married couple's household for a husband born in `year`. */
  couple(year: number) {
    if (this.full) return;
    const home = this.place();
    const nat = this.#pickNat();
    const h = this.#fromPool('M', year) ?? this.adult('M', year, nat, home);
    if (!h) return;
    const wifeYear = year + (this.rng.chance(0.1) ? -this.rng.int(1, 2) : this.rng.int(0, 5));
    const w = this.#fromPool('F', wifeYear) ?? this.adult('F', wifeYear, this.rng.chance(0.9) ? h.nat : this.#pickNat(), home);
    if (!w) return;
    let m = Math.max(h.bd + years(this.rng.int(20, 30)), w.bd + years(18)) + this.rng.int(0, 364);
    m = Math.max(m, h.last + 1, w.last + 1);
    if (m > this.asOf - 30) return; // too young to be married by now: both stay single
    const hh = { region: home.region, loc: home.loc };
    const addr = this.address(hh.region, hh.loc);
    this.marry(h, w, m, hh.loc, this.rng.chance(0.55));
    const moveIn = m + this.rng.int(0, 30);
    this.register(h, addr, moveIn);
    this.register(w, addr, moveIn);
    h.region = w.region = hh.region;
    h.loc = w.loc = hh.loc;

    const divorce = this.rng.chance(0.13) ? m + years(this.rng.int(2, 15)) + this.rng.int(0, 364) : null;
    const until = divorce !== null && divorce < this.asOf - 10 ? divorce : this.asOf;
    const n = this.#childCount();
    let first = m + this.rng.int(280, 1000);
    if (n > 0 && this.rng.chance(0.04)) first = Math.max(m - this.rng.int(30, 200), w.bd + years(17) + 1, h.bd + years(17) + 1); // born before the wedding
    this.#children(h, w, first, until, hh, n);

    // A childless couple adopts now and then.
    if (n === 0 && this.rng.chance(0.15) && !this.full) {
      const bd = m + this.rng.int(365, 365 * 8);
      const adoption = bd + this.rng.int(180, 365 * 5);
      if (adoption < until && adoption < this.asOf && bd >= w.bd + years(18)) {
        const sex = this.rng.chance(0.5) ? 'M' : 'F';
        const kid = this.child({ mother: null, father: null, bd, sex, region: hh.region, loc: hh.loc, surnameMasc: masculineSurname(h.surname), fatherName: h.maleName ?? maleNameEntry(h.given), nat: h.nat });
        // The birth record names no parents (a child left at birth); the adoption names the new ones.
        this.act('adoption', adoption, hh.loc, [
          [kid, 'adoptee'],
          [h, 'adoptive_father'],
          [w, 'adoptive_mother'],
        ], { childSurnameAfter: kid.surname });
        this.parentLink(kid, h, 'adoption', adoption);
        this.parentLink(kid, w, 'adoption', adoption);
        this.register(kid, addr, adoption);
      }
    }

    if (divorce !== null && divorce < this.asOf - 10) {
      this.divorce(h, w, divorce, hh.loc);
      const own = this.address(hh.region, this.rng.chance(0.8) ? hh.loc : this.locIn(hh.region));
      this.register(h, own, divorce + this.rng.int(1, 60));
      // Some divorced men remarry.
      if (this.rng.chance(0.4) && !this.full) {
        const m2 = Math.max(h.last + years(this.rng.int(1, 4)) + this.rng.int(0, 364), h.last + 1);
        const w2Year = yearOf(h.bd) + this.rng.int(2, 10);
        if (m2 < this.asOf - 30) {
          const w2 = this.#fromPool('F', w2Year) ?? this.adult('F', w2Year, this.rng.chance(0.9) ? h.nat : this.#pickNat(), hh);
          if (w2 && m2 > w2.last && m2 >= w2.bd + years(18)) {
            this.marry(h, w2, m2, hh.loc, this.rng.chance(0.55));
            this.register(w2, own, m2 + this.rng.int(0, 30));
            this.#children(h, w2, m2 + this.rng.int(280, 900), this.asOf, hh, this.rng.int(0, 2));
          }
        }
      }
    }
  }

  /** A never-married adult; some women have children out of wedlock, half with a paternity record. */
  single(year: number) {
    if (this.full) return;
    const home = this.place();
    const nat = this.#pickNat();
    const sex = this.rng.chance(0.5) ? 'M' : 'F';
    const p = this.adult(sex, year, nat, home);
    if (!p) return;
    const own = p.bd + years(this.rng.int(18, 30));
    if (this.rng.chance(0.5) && own < this.asOf && own > p.last) this.register(p, this.address(home.region, home.loc), own);
    if (sex === 'F' && this.rng.chance(0.25)) {
      const kids = this.rng.int(1, 2);
      let t = p.bd + years(this.rng.int(19, 32)) + this.rng.int(0, 364);
      for (let i = 0; i < kids && !this.full && t < this.asOf; i++) {
        const fatherYear = year + this.rng.int(-8, 2);
        const candidates = this.#men.get(fatherYear);
        const father = this.rng.chance(0.5) && candidates?.length ? this.rng.pick(candidates) : null;
        const fatherOk = father !== null && t >= father.bd + years(18) && father.death === null;
        const fatherName = fatherOk ? (father.maleName ?? maleNameEntry(father.given)) : this.rng.pick(NAME_SETS[nat].male);
        const kid = this.child({ mother: p, father: null, bd: t, sex: this.rng.chance(0.51) ? 'M' : 'F', region: home.region, loc: home.loc, surnameMasc: masculineSurname(p.surname), fatherName, nat });
        if (fatherOk) {
          const when = Math.min(t + this.rng.int(10, 365 * 3), this.asOf);
          this.act('paternity', when, home.loc, [
            [kid, 'child'],
            [father, 'father'],
            [p, 'mother'],
          ]);
          this.parentLink(kid, father, 'paternity', when);
        }
        t += this.rng.int(500, 2000);
      }
    }
  }

  /** Households oldest cohort first, then top up to exactly `target` persons. */
  households() {
    const cohorts: Array<[number, number]> = [];
    for (let y = 1928; y <= 2004; y++) {
      const w = y < 1945 ? 0.35 : y < 1955 ? 0.75 : y < 1965 ? 1 : y < 1975 ? 1.1 : y < 1985 ? 1.2 : y < 1995 ? 1.3 : 1;
      cohorts.push([y, w]);
    }
    const total = cohorts.reduce((a, c) => a + c[1], 0);
    let cum = 0;
    for (const [y, w] of cohorts) {
      cum += w;
      const goal = Math.floor(((this.target * cum) / total) * 0.97);
      let guard = 0;
      while (this.pop.persons.length < goal && !this.full && guard++ < 1_000_000) {
        if (this.rng.chance(0.14)) this.single(y);
        else this.couple(y);
      }
    }
    let guard = 0;
    while (!this.full && guard++ < 10_000_000) {
      const y = this.rng.int(1950, 2004);
      if (guard % 50 === 0 || this.rng.chance(0.3)) this.single(y);
      else this.couple(y);
    }
  }

  /** Deaths (after each person's last recorded event), name changes, then entities and POAs. */
  finish() {
    const alive: GPerson[] = [];
    for (const p of this.pop.persons) {
      if (p.fixed) {
        alive.push(p);
        continue;
      }
      const y = yearOf(p.bd);
      const pDeath = y < 1935 ? 0.9 : y < 1945 ? 0.65 : y < 1955 ? 0.35 : y < 1965 ? 0.15 : y < 1975 ? 0.06 : 0.015;
      if (this.rng.chance(pDeath)) {
        const lo = Math.max(p.last + 30, p.bd + 365);
        const hi = this.asOf - 15;
        if (lo < hi) {
          // Old cohorts die later in life: lean towards the end of the interval.
          const u = this.rng.next();
          const d = lo + Math.floor((y < 1955 ? Math.sqrt(u) : u) * (hi - lo));
          this.#die(p, d);
          continue;
        }
      }
      alive.push(p);
    }

    // Name changes by application (not at marriage).
    for (const p of alive) {
      if (p.fixed || !this.rng.chance(0.004)) continue;
      const lo = Math.max(p.last + 1, p.bd + years(18));
      if (lo >= this.asOf - 30) continue;
      const when = lo + this.rng.int(0, this.asOf - 30 - lo);
      const names = NAME_SETS[p.nat];
      if (this.rng.chance(0.6)) {
        const before = p.surname;
        const after = surnameFor(this.rng.pick(names.surnames), p.sex);
        if (after === before) continue;
        p.birthSurname ??= before;
        p.surname = after;
        this.act('name_change', when, p.loc, [[p, 'person']], { field: 'surname', before, after });
      } else {
        const before = p.given;
        const after = p.sex === 'M' ? this.rng.pick(names.male)[0] : this.rng.pick(names.female);
        if (after === before) continue;
        p.given = after;
        if (p.sex === 'M') p.maleName = maleNameEntry(after);
        this.act('name_change', when, p.loc, [[p, 'person']], { field: 'givenName', before, after });
      }
    }

    const adults = alive.filter((p) => !p.fixed && p.bd <= this.asOf - years(21));
    if (!adults.length) return;
    this.#entities(adults, Math.max(5, Math.round(this.target / 20)));
    this.#poas(adults, Math.max(5, Math.round(this.target / 25)));
  }

  #die(p: GPerson, d: number) {
    p.death = d;
    for (const r of p.regs) if (r.to === null) r.to = d;
    for (const l of p.spouseLinks) if (l.until === null) l.until = d;
    const actDate = Math.min(d + this.rng.int(1, 10), this.asOf);
    this.act('death', actDate, p.loc, [[p, 'deceased']], { deathDate: isoOf(d) });
  }

  #entities(adults: GPerson[], n: number) {
    const forms = new Weighted(LEGAL_FORMS);
    const start = dayOf('1996-01-01');
    for (let i = 0; i < n; i++) {
      let head = this.rng.pick(adults);
      for (let k = 0; k < 20 && head.bd > this.asOf - years(25); k++) head = this.rng.pick(adults);
      const from = Math.max(start, head.bd + years(21));
      if (from >= this.asOf) continue;
      const reg = from + this.rng.int(0, this.asOf - from);
      const form = forms.pick(this.rng);
      const [kk, ru] = this.rng.pick(BRAND_FIRST);
      const second = this.rng.pick(BRAND_SECOND);
      const branch = this.rng.chance(0.05);
      const liquidated = this.rng.chance(0.1) && reg < this.asOf - 400;
      this.pop.entities.push({
        bin: this.bin(reg, 4, branch ? 1 : 0),
        nameKk: `«${kk} ${second}» ${form.kk}${branch ? ' филиалы' : ''}`,
        nameRu: `${branch ? 'Филиал ' : ''}${form.ru} «${ru} ${second}»`,
        formKk: form.kk,
        formRu: form.ru,
        registeredOn: reg,
        head,
        addr: this.address(head.region, this.rng.chance(0.7) ? head.loc : this.locIn(head.region)),
        oked: this.rng.pick(OKED),
        status: liquidated ? 'liquidated' : 'active',
        liquidatedOn: liquidated ? reg + this.rng.int(365, this.asOf - reg) : null,
      });
    }
  }

  poaNumber(year: number): string {
    return `${year}-${String(++this.#poaSeq).padStart(7, '0')}`;
  }

  #poas(adults: GPerson[], n: number) {
    const start = dayOf('2019-01-01');
    const active = this.pop.entities.filter((e) => e.status === 'active');
    const byIin = new Map<string, GPerson>();
    for (const p of adults) byIin.set(p.iin, p);
    for (let i = 0; i < n; i++) {
      const issued = start + this.rng.int(0, this.asOf - start);
      const fromEntity = active.length > 0 && this.rng.chance(0.1);
      const principal = fromEntity ? this.rng.pick(active).bin : this.rng.pick(adults).iin;
      // Often a relative represents the principal.
      let rep: GPerson | undefined;
      if (!fromEntity && this.rng.chance(0.4)) {
        const p = byIin.get(principal) as GPerson;
        const rel = p.spouseLinks.find((l) => l.until === null);
        const other = rel ? byIin.get(rel.iin === p.iin ? rel.rel : rel.iin) : undefined;
        if (other && other.iin !== principal) rep = other;
      }
      if (!rep) rep = this.rng.pick(adults);
      if (rep.iin === principal) continue;
      const any = this.rng.chance(0.3);
      const scope = any ? ['any'] : [...new Set(Array.from({ length: this.rng.int(1, 3) }, () => this.rng.pick(SERVICE_CODES)))].sort();
      const notarised = this.rng.chance(0.92);
      const validTo = issued + years(this.rng.int(1, 3));
      const revoked = this.rng.chance(0.06) ? issued + this.rng.int(1, Math.max(1, Math.min(validTo, this.asOf) - issued)) : null;
      const notaryNames = NAME_SETS[this.rng.chance(0.7) ? 'kazakh' : 'russian'];
      const nSex = this.rng.chance(0.6) ? 'F' : 'M';
      const notaryName = `${surnameFor(this.rng.pick(notaryNames.surnames), nSex)} ${(nSex === 'M' ? this.rng.pick(notaryNames.male)[0] : this.rng.pick(notaryNames.female)).slice(0, 1)}.`;
      this.pop.poas.push({
        number: this.poaNumber(yearOf(issued)),
        principal,
        representative: rep.iin,
        scope,
        validFrom: issued,
        validTo,
        notarised,
        notary: notarised ? `Нотариус ${rep.loc.kind === 'city' ? 'г.' : 'с.'} ${rep.loc.ru} ${notaryName}` : null,
        issuedOn: issued,
        revokedOn: revoked !== null && revoked <= this.asOf ? revoked : null,
      });
    }
  }

  isElectronic(a: GAct): boolean {
    return isElectronicRecord(a.kind, isoOf(a.date));
  }
}
