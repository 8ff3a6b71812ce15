/**
 * The demo accounts' people (src/demo/demo.ts) with fixed, seed-independent families,
 * records and addresses, so the demo scenarios always work:
 *
 * Ахметов Нұрлан Серікұлы (880515300120, citizen):
 *   parents Серік (1960) and Гүлнар (1963), married 1985 (paper record — spouse check: null,
 *   MARRIAGE_BEFORE_2008); sister Динара (1992);
 *   first wife Қасымова Жанар, married 2006 (paper), divorced 2010 (DIVORCED);
 *   son Тимур, born 4 Mar 2007 — birth record before 13 Aug 2007 (BIRTH_RECORD_BEFORE_CUTOFF);
 *   wife Ахметова Айгүл (née Төлеуова), married 24 Aug 2013 (spouse check: 'spouse');
 *   children Әлихан (2014) and Аяла (2018) (child check: 'child');
 *   addresses: Karaganda (parents) → Karaganda (first marriage) → Astana → Astana (family home),
 *   plus a temporary registration in Almaty 2021–2022; head of ТОО «Сарыарқа Логистик»;
 *   powers of attorney: to his wife (any service, valid), to his sister (expired), to his
 *   father (revoked).
 * Жұмабаева Әйгерім Маратқызы (citizen, née Сәрсенова): parents Марат and Роза (married 1989,
 *   paper); husband Жұмабаев Данияр, married 12 Sep 2015; children Ерасыл (2016) and Томирис
 *   (2020); Taraz → Almaty, temporary registration in Almaty while studying; her father's POA
 *   to her (address and archival references), her own non-notarised POA to her husband.
 * Staff accounts: a person record, birth record and one address each.
 */
import { DEMO_ACCOUNTS, FIRST_DEMO_ACCOUNTS } from '../../demo/demo.ts';
import { makeIin, validateIin } from '../../ids/iin.ts';
import type { Region } from '../../regions.ts';
import type { ActRole } from '../catalogue.ts';
import type { Locality } from '../address/places.ts';
import { maleNameEntry, type Nationality } from '../persons/names.ts';
import { dayOf, type Generator, type GPerson } from './generate.ts';

export interface DemoPeople {
  nurlan: GPerson;
  serik: GPerson;
  gulnar: GPerson;
  dinara: GPerson;
  zhanar: GPerson;
  timur: GPerson;
  aigul: GPerson;
  alikhan: GPerson;
  ayala: GPerson;
  aigerim: GPerson;
  marat: GPerson;
  roza: GPerson;
  daniyar: GPerson;
  erasyl: GPerson;
  tomiris: GPerson;
  companyBin: string;
  poas: { valid: string; expired: string; revoked: string; fathers: string; notNotarised: string };
}

/** Fixed IINs of the demo relatives (serials 9001+ never collide with generated ones). */
export const DEMO_RELATIVES = {
  serik: makeIin('1960-02-11', 'male', 9001),
  gulnar: makeIin('1963-09-23', 'female', 9002),
  dinara: makeIin('1992-01-08', 'female', 9003),
  zhanar: makeIin('1987-11-30', 'female', 9004),
  timur: makeIin('2007-03-04', 'male', 9005),
  aigul: makeIin('1991-04-02', 'female', 9006),
  alikhan: makeIin('2014-06-19', 'male', 9007),
  ayala: makeIin('2018-02-27', 'female', 9008),
  marat: makeIin('1964-10-05', 'male', 9011),
  roza: makeIin('1966-12-14', 'female', 9012),
  daniyar: makeIin('1989-08-09', 'male', 9013),
  erasyl: makeIin('2016-07-03', 'male', 9014),
  tomiris: makeIin('2020-11-18', 'female', 9015),
} as const;

const STAFF_HOME: Record<string, { region: Region; loc: string; street: string; house: string; flat: string | null; district?: string; nat?: Nationality }> = {
  'psc-astana-01': { region: 'astana', loc: 'Астана', district: 'Алматы ауданы', street: 'Тәуелсіздік даңғылы', house: '34', flat: '56' },
  'pavlodar-archives': { region: 'pavlodar', loc: 'Павлодар', street: 'Торайғыров көшесі', house: '95', flat: '12' },
  'quality-agency': { region: 'astana', loc: 'Астана', district: 'Есіл ауданы', street: 'Мәңгілік Ел даңғылы', house: '8', flat: '201' },
  'qyzmet-ops': { region: 'almaty', loc: 'Алматы', district: 'Бостандық ауданы', street: 'Әл-Фараби даңғылы', house: '77', flat: '14' },
  'astana-education': { region: 'astana', loc: 'Астана', district: 'Сарыарқа ауданы', street: 'Абай даңғылы', house: '49', flat: '33' },
  'wko-oral-civil-registry': { region: 'west-kazakhstan', loc: 'Орал', street: 'Достық даңғылы', house: '187', flat: '21' },
  'psc-pavlodar-01': { region: 'pavlodar', loc: 'Павлодар', street: 'Абай даңғылы', house: '31', flat: '7' },
  'psc-oral-01': { region: 'west-kazakhstan', loc: 'Орал', street: 'Абай даңғылы', house: '12', flat: '40' },
  'wko-peremetnoe-akimat': { region: 'west-kazakhstan', loc: 'Переметное', street: 'Абай даңғылы', house: '5', flat: null },
};

export function addDemoFamilies(g: Generator): DemoPeople {
  for (const a of DEMO_ACCOUNTS) g.reserve(a.iin);
  for (const iin of Object.values(DEMO_RELATIVES)) g.reserve(iin);
  const D = dayOf;
  const loc = (region: Region, kk: string): Locality => g.locByName(region, kk);

  const P = (o: {
    iin: string;
    surname: string;
    given: string;
    patr: string;
    birthSurname?: string;
    nat?: Nationality;
    region: Region;
    loc: string;
    birthRegion?: Region;
    birthLoc?: string;
  }): GPerson => {
    const info = validateIin(o.iin);
    if (!info.ok || !info.info.birthDate || !info.info.sex) throw new Error(`demo IIN ${o.iin} is invalid`);
    const bRegion = o.birthRegion ?? o.region;
    const bLoc = loc(bRegion, o.birthLoc ?? o.loc);
    const sex = info.info.sex === 'male' ? 'M' : 'F';
    const p = g.person({
      iin: o.iin,
      surname: o.surname,
      given: o.given,
      patr: o.patr,
      birthSurname: o.birthSurname ?? null,
      bd: D(info.info.birthDate),
      sex,
      nat: o.nat ?? 'kazakh',
      bCountry: 'KZ',
      bRegion,
      bLoc: bLoc.ru,
      cit: 'KZ',
      maleName: sex === 'M' ? maleNameEntry(o.given) : null,
      fixed: true,
      region: o.region,
      loc: loc(o.region, o.loc),
    });
    return p;
  };
  const birth = (child: GPerson, actDate: string, parents: GPerson[] = []) => {
    const parts: Array<[GPerson, ActRole]> = [[child, 'child']];
    for (const p of parents) {
      parts.push([p, p.sex === 'F' ? 'mother' : 'father']);
      g.parentLink(child, p, 'birth', child.bd);
    }
    g.act('birth', D(actDate), loc(child.bRegion as Region, bLocKk(child)), parts);
  };
  const bLocKk = (p: GPerson) => (g.locByNameRu(p.bRegion as Region, p.bLoc as string)).kk;
  const reg = (p: GPerson, addr: number, from: string, kind: 'permanent' | 'temporary' = 'permanent', to: string | null = null) =>
    g.register(p, addr, D(from), kind, to ? D(to) : null);

  // ---------------------------------------------------------------- Ахметов Нұрлан
  const nurlanAcc = DEMO_ACCOUNTS[0];
  const aigerimAcc = DEMO_ACCOUNTS[1];
  if (!nurlanAcc || !aigerimAcc) throw new Error('DEMO_ACCOUNTS must start with the two demo citizens');
  const krg = loc('karaganda', 'Қарағанды');
  const ast = loc('astana', 'Астана');
  const alm = loc('almaty', 'Алматы');

  const serik = P({ iin: DEMO_RELATIVES.serik, surname: 'Ахметов', given: 'Серік', patr: 'Қайратұлы', region: 'karaganda', loc: 'Қарағанды' });
  const gulnar = P({ iin: DEMO_RELATIVES.gulnar, surname: 'Ахметова', birthSurname: 'Бекболатова', given: 'Гүлнар', patr: 'Бекболатқызы', region: 'karaganda', loc: 'Қарағанды', birthLoc: 'Теміртау' });
  birth(serik, '1960-02-19');
  birth(gulnar, '1963-10-01');
  const serikChild = g.address('karaganda', krg, { street: 'Гоголь көшесі', house: '51', flat: '3' });
  const gulnarChild = g.address('karaganda', loc('karaganda', 'Теміртау'), { street: 'Бейбітшілік көшесі', house: '12', flat: '40' });
  reg(serik, serikChild, '1960-02-19');
  reg(gulnar, gulnarChild, '1963-10-01');
  g.marry(serik, gulnar, D('1985-07-20'), krg, false);
  const home1 = g.address('karaganda', krg, { street: 'Ерубаев көшесі', house: '24', flat: '15' });
  reg(serik, home1, '1985-08-01');
  reg(gulnar, home1, '1985-08-01');

  const nurlan = P({ iin: nurlanAcc.iin, surname: nurlanAcc.surname, given: nurlanAcc.givenName, patr: nurlanAcc.patronymic, region: 'astana', loc: 'Астана', birthRegion: 'karaganda', birthLoc: 'Қарағанды' });
  birth(nurlan, '1988-05-24', [gulnar, serik]);
  reg(nurlan, home1, '1988-05-24');
  const dinara = P({ iin: DEMO_RELATIVES.dinara, surname: 'Ахметова', given: 'Динара', patr: 'Серікқызы', region: 'karaganda', loc: 'Қарағанды' });
  birth(dinara, '1992-01-16', [gulnar, serik]);
  reg(dinara, home1, '1992-01-16');

  const zhanar = P({ iin: DEMO_RELATIVES.zhanar, surname: 'Қасымова', given: 'Жанар', patr: 'Ерланқызы', region: 'karaganda', loc: 'Қарағанды' });
  birth(zhanar, '1987-12-08');
  reg(zhanar, g.address('karaganda', krg, { street: 'Әуезов көшесі', house: '7', flat: '21' }), '1987-12-08');
  g.marry(nurlan, zhanar, D('2006-06-17'), krg, false);
  const home2 = g.address('karaganda', krg, { street: 'Бұқар жырау даңғылы', house: '57', flat: '88' });
  reg(nurlan, home2, '2006-06-20');
  reg(zhanar, home2, '2006-06-20');
  const timur = P({ iin: DEMO_RELATIVES.timur, surname: 'Ахметов', given: 'Тимур', patr: 'Нұрланұлы', region: 'karaganda', loc: 'Қарағанды' });
  birth(timur, '2007-03-12', [zhanar, nurlan]);
  reg(timur, home2, '2007-03-12');
  g.divorce(nurlan, zhanar, D('2010-02-15'), ast);
  reg(nurlan, g.address('astana', ast, { district: 'Сарыарқа ауданы', street: 'Сейфуллин көшесі', house: '31', flat: '7' }), '2010-03-01');

  const aigul = P({ iin: DEMO_RELATIVES.aigul, surname: 'Төлеуова', given: 'Айгүл', patr: 'Бақытжанқызы', region: 'astana', loc: 'Астана', birthRegion: 'pavlodar', birthLoc: 'Павлодар' });
  birth(aigul, '1991-04-10');
  reg(aigul, g.address('pavlodar', loc('pavlodar', 'Павлодар'), { street: 'Торайғыров көшесі', house: '64', flat: '9' }), '1991-04-10');
  g.marry(nurlan, aigul, D('2013-08-24'), ast, true);
  const home4 = g.address('astana', ast, { district: 'Есіл ауданы', street: 'Мәңгілік Ел даңғылы', house: '40', flat: '112' });
  reg(nurlan, home4, '2013-09-02');
  reg(aigul, home4, '2013-09-02');
  const alikhan = P({ iin: DEMO_RELATIVES.alikhan, surname: 'Ахметов', given: 'Әлихан', patr: 'Нұрланұлы', region: 'astana', loc: 'Астана' });
  birth(alikhan, '2014-06-27', [aigul, nurlan]);
  reg(alikhan, home4, '2014-06-27');
  const ayala = P({ iin: DEMO_RELATIVES.ayala, surname: 'Ахметова', given: 'Аяла', patr: 'Нұрланқызы', region: 'astana', loc: 'Астана' });
  birth(ayala, '2018-03-06', [aigul, nurlan]);
  reg(ayala, home4, '2018-03-06');
  reg(nurlan, g.address('almaty', alm, { district: 'Бостандық ауданы', street: 'Абай даңғылы', house: '150', flat: '3' }), '2021-09-01', 'temporary', '2022-03-01');

  // ---------------------------------------------------------------- Жұмабаева Әйгерім
  const trz = loc('zhambyl', 'Тараз');
  const marat = P({ iin: DEMO_RELATIVES.marat, surname: 'Сәрсенов', given: 'Марат', patr: 'Әбдірахманұлы', region: 'zhambyl', loc: 'Тараз' });
  const roza = P({ iin: DEMO_RELATIVES.roza, surname: 'Сәрсенова', birthSurname: 'Жұмабекова', given: 'Роза', patr: 'Жұмабекқызы', region: 'zhambyl', loc: 'Тараз', birthLoc: 'Мерке' });
  birth(marat, '1964-10-15');
  birth(roza, '1966-12-22');
  reg(marat, g.address('zhambyl', trz, { street: 'Жамбыл көшесі', house: '15', flat: null }), '1964-10-15');
  reg(roza, g.address('zhambyl', loc('zhambyl', 'Мерке'), { street: 'Орталық көшесі', house: '23', flat: null }), '1966-12-22');
  g.marry(marat, roza, D('1989-06-10'), trz, false);
  const taraz = g.address('zhambyl', trz, { street: 'Төле би көшесі', house: '88', flat: null });
  reg(marat, taraz, '1989-07-01');
  reg(roza, taraz, '1989-07-01');

  const aigerim = P({ iin: aigerimAcc.iin, surname: 'Сәрсенова', given: aigerimAcc.givenName, patr: aigerimAcc.patronymic, region: 'almaty', loc: 'Алматы', birthRegion: 'zhambyl', birthLoc: 'Тараз' });
  birth(aigerim, '1992-03-30', [roza, marat]);
  reg(aigerim, taraz, '1992-03-30');
  reg(aigerim, g.address('almaty', alm, { district: 'Бостандық ауданы', street: 'Сәтбаев көшесі', house: '22', flat: '314' }), '2010-09-01', 'temporary', '2014-06-30');
  const daniyar = P({ iin: DEMO_RELATIVES.daniyar, surname: 'Жұмабаев', given: 'Данияр', patr: 'Қанатұлы', region: 'almaty', loc: 'Алматы' });
  birth(daniyar, '1989-08-18');
  reg(daniyar, g.address('almaty', alm, { district: 'Әуезов ауданы', street: 'Төле би көшесі', house: '250', flat: '17' }), '1989-08-18');
  g.marry(daniyar, aigerim, D('2015-09-12'), alm, true);
  if (aigerim.surname !== aigerimAcc.surname) throw new Error('demo: the married surname does not match the demo account');
  const almHome = g.address('almaty', alm, { district: 'Медеу ауданы', street: 'Достық даңғылы', house: '180', flat: '45' });
  reg(daniyar, almHome, '2015-09-20');
  reg(aigerim, almHome, '2015-09-20');
  const erasyl = P({ iin: DEMO_RELATIVES.erasyl, surname: 'Жұмабаев', given: 'Ерасыл', patr: 'Даниярұлы', region: 'almaty', loc: 'Алматы' });
  birth(erasyl, '2016-07-12', [aigerim, daniyar]);
  reg(erasyl, almHome, '2016-07-12');
  const tomiris = P({ iin: DEMO_RELATIVES.tomiris, surname: 'Жұмабаева', given: 'Томирис', patr: 'Даниярқызы', region: 'almaty', loc: 'Алматы' });
  birth(tomiris, '2020-11-26', [aigerim, daniyar]);
  reg(tomiris, almHome, '2020-11-26');

  // ---------------------------------------------------------------- staff accounts
  const staffPerson = (a: (typeof DEMO_ACCOUNTS)[number]) => {
    const home = STAFF_HOME[a.orgId ?? ''] ?? STAFF_HOME['qyzmet-ops'];
    if (!home) return;
    const nat: Nationality = ['Ли', 'Ким'].includes(a.surname) ? 'korean' : a.surname === 'Иванова' ? 'russian' : 'kazakh';
    const p = P({ iin: a.iin, surname: a.surname, given: a.givenName, patr: a.patronymic, nat, region: home.region, loc: home.loc });
    const actDate = p.bd + 8;
    g.act('birth', actDate, p.loc, [[p, 'child']]);
    g.register(p, g.address(home.region, p.loc, { ...(home.district ? { district: home.district } : {}), street: home.street, house: home.house, flat: home.flat }), actDate);
  };
  for (const a of DEMO_ACCOUNTS.slice(2, FIRST_DEMO_ACCOUNTS)) staffPerson(a);

  // ---------------------------------------------------------------- a company and powers of attorney
  const companyBin = g.bin(D('2014-03-11'), 4, 0);
  g.pop.entities.push({
    bin: companyBin,
    nameKk: '«Сарыарқа Логистик» ЖШС',
    nameRu: 'ТОО «Сарыарка Логистик»',
    formKk: 'ЖШС',
    formRu: 'ТОО',
    registeredOn: D('2014-03-11'),
    head: nurlan,
    addr: g.address('astana', ast, { district: 'Байқоңыр ауданы', street: 'Республика даңғылы', house: '52', flat: '4' }),
    oked: '49410',
    status: 'active',
    liquidatedOn: null,
  });
  const notary = 'Нотариус г. Астана Жақсыбекова Г.';
  const poa = (principal: string, rep: GPerson, scope: string[], from: string, to: string, opts: { notarised?: boolean; revoked?: string } = {}) => {
    const number = g.poaNumber(Number(from.slice(0, 4)));
    const notarised = opts.notarised ?? true;
    g.pop.poas.push({
      number,
      principal,
      representative: rep.iin,
      scope,
      validFrom: D(from),
      validTo: D(to),
      notarised,
      notary: notarised ? notary : null,
      issuedOn: D(from),
      revokedOn: opts.revoked ? D(opts.revoked) : null,
    });
    return number;
  };
  const poas = {
    valid: poa(nurlan.iin, aigul, ['any'], '2024-05-14', '2027-05-14'),
    expired: poa(nurlan.iin, dinara, ['address-reference'], '2023-01-10', '2024-01-10'),
    revoked: poa(nurlan.iin, serik, ['any'], '2025-03-01', '2028-03-01', { revoked: '2025-10-01' }),
    fathers: poa(marat.iin, aigerim, ['address-reference', 'archival-reference'], '2025-02-03', '2028-02-03'),
    notNotarised: poa(aigerim.iin, daniyar, ['civil-repeat-certificate'], '2025-06-01', '2026-12-31', { notarised: false }),
  };

  // Staff added later (issue 9): drawn last, so everyone above stays as the tests know them.
  for (const a of DEMO_ACCOUNTS.slice(FIRST_DEMO_ACCOUNTS)) staffPerson(a);

  return { nurlan, serik, gulnar, dinara, zhanar, timur, aigul, alikhan, ayala, aigerim, marat, roza, daniyar, erasyl, tomiris, companyBin, poas };
}
