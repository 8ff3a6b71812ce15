/**
 * The working calendar: data, transfer rules, year summaries (cross-checked by an independent
 * brute-force computation), working-day arithmetic, range errors, loader validation, time helpers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import {
  buildCalendar,
  CalendarDataError,
  CalendarRangeError,
  defaultCalendar,
  loadCalendar,
  type WorkCalendar,
} from '../src/calendar/calendar.ts';
import {
  addCalendarDays,
  atLocal,
  calendarDaysBetween,
  formatDmy,
  isIsoDate,
  isoWeekday,
  localClock,
  localDate,
  localIso,
  localMinutes,
  parseClock,
  toEpochDay,
} from '../src/calendar/time.ts';
import { AppError } from '../src/errors/errors.ts';

const cal = loadCalendar();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests mutate the raw YAML tree freely
type Raw = Record<string, any>;
const raw = () => parseYaml(readFileSync(new URL('../calendar/kz.yaml', import.meta.url), 'utf8')) as Raw;

// ---------------------------------------------------------------- independent reference

/** Days of a year as `YYYY-MM-DD`, built with Date objects (not the library's epoch-day code). */
function daysOfYear(year: number): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1))
    out.push(d.toISOString().slice(0, 10));
  return out;
}
const dow = (iso: string) => new Date(`${iso}T12:00:00Z`).getUTCDay(); // 0 = Sunday
const isWeekendRef = (iso: string) => dow(iso) === 0 || dow(iso) === 6;
const plusDay = (iso: string) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Written from the law independently of calendar/kz.yaml: [MM-DD, moved when on a weekend]. */
const REF_FIXED: Array<[string, boolean]> = [
  ['01-01', true],
  ['01-02', true],
  ['01-07', false],
  ['03-08', true],
  ['03-21', true],
  ['03-22', true],
  ['03-23', true],
  ['05-01', true],
  ['05-07', true],
  ['05-09', true],
  ['07-06', true],
  ['08-30', true],
  ['10-25', true],
  ['12-16', true],
];
const REF_KURBAN: Record<number, string> = { 2024: '2024-06-16', 2025: '2025-06-06', 2026: '2026-05-27', 2027: '2027-05-16' };
/** [day off, working day]. */
const REF_TRANSFERS: Record<number, Array<[string, string]>> = {
  2024: [['2024-05-08', '2024-05-04']],
  2025: [['2025-01-03', '2025-01-05']],
  2026: [],
  2027: [],
};

function referenceYear(year: number) {
  const holidays = new Set<string>([...REF_FIXED.map(([md]) => `${year}-${md}`), REF_KURBAN[year] as string]);
  const off = new Set<string>(holidays);
  const moving = REF_FIXED.filter(([md, mv]) => mv && isWeekendRef(`${year}-${md}`)).map(([md]) => `${year}-${md}`);
  moving.sort();
  for (const h of moving) {
    let d = plusDay(h);
    while (isWeekendRef(d) || off.has(d)) d = plusDay(d);
    off.add(d);
  }
  const working = new Set<string>();
  for (const [dayOff, workingDay] of REF_TRANSFERS[year] ?? []) {
    off.add(dayOff);
    working.add(workingDay);
  }
  const isWorking = (iso: string) => working.has(iso) || (!isWeekendRef(iso) && !off.has(iso));
  const days = daysOfYear(year);
  return {
    isWorking,
    workingDays: days.filter(isWorking).length,
    nonWorkingWeekdays: days.filter((d) => !isWeekendRef(d) && !isWorking(d)),
    workingWeekendDays: days.filter((d) => isWeekendRef(d) && isWorking(d)),
  };
}

// ---------------------------------------------------------------- 2025: the official list

test('2025: 246 working days, exactly the official weekday days off, working Sunday 5 Jan (kz-facts §3)', () => {
  const s = cal.yearSummary(2025);
  assert.equal(s.workingDays, 246);
  assert.deepEqual(s.nonWorkingWeekdays, [
    '2025-01-01',
    '2025-01-02',
    '2025-01-03',
    '2025-01-07',
    '2025-03-10',
    '2025-03-21',
    '2025-03-24',
    '2025-03-25',
    '2025-05-01',
    '2025-05-07',
    '2025-05-09',
    '2025-06-06',
    '2025-07-07',
    '2025-09-01',
    '2025-10-27',
    '2025-12-16',
  ]);
  assert.deepEqual(s.workingWeekendDays, ['2025-01-05']);
  assert.equal(s.year, 2025);
});

test('2025: day kinds explain every day off', () => {
  assert.equal(cal.dayInfo('2025-01-03').kind, 'transfer-day-off');
  assert.equal(cal.dayInfo('2025-01-03').transfer?.workingDay, '2025-01-05');
  assert.equal(cal.dayInfo('2025-01-05').kind, 'transfer-working-day');
  assert.equal(cal.dayInfo('2025-01-05').working, true);
  assert.equal(cal.dayInfo('2025-01-05').weekday, 7);
  assert.equal(cal.dayInfo('2025-03-08').kind, 'holiday');
  assert.equal(cal.dayInfo('2025-03-08').holidays[0]?.id, 'womens-day');
  const moved = cal.dayInfo('2025-03-10');
  assert.equal(moved.kind, 'moved-holiday');
  assert.deepEqual(moved.movedFrom && [moved.movedFrom.id, moved.movedFrom.date], ['womens-day', '2025-03-08']);
  assert.equal(cal.dayInfo('2025-03-11').kind, 'working');
  assert.equal(cal.dayInfo('2025-03-15').kind, 'weekend');
  assert.equal(cal.dayInfo('2025-06-06').holidays[0]?.name.en, 'Kurban Ait (first day)');
});

test('2025 holidaysOf: names in kk/ru/en, moves and non-moves', () => {
  const hs = cal.holidaysOf(2025);
  assert.equal(hs.length, 15);
  for (const h of hs) for (const l of ['kk', 'ru', 'en'] as const) assert.ok(h.name[l].length > 0, `${h.id} ${l}`);
  const by = (date: string) => hs.find((h) => h.date === date);
  assert.equal(by('2025-03-22')?.movedTo, '2025-03-24');
  assert.equal(by('2025-03-23')?.movedTo, '2025-03-25');
  assert.equal(by('2025-03-21')?.movedTo, null);
  assert.equal(by('2025-10-25')?.name.ru, 'День Республики');
  assert.equal(by('2025-12-16')?.name.kk, 'Тәуелсіздік күні');
  assert.deepEqual(
    hs.map((h) => h.date),
    [...hs.map((h) => h.date)].sort(),
  );
  // holidaysOf returns copies
  (hs[0] as { movedTo: string | null }).movedTo = 'x';
  assert.equal(cal.holidaysOf(2025)[0]?.movedTo, null);
});

// ---------------------------------------------------------------- transfer rules

test('a holiday on Saturday/Sunday moves to the next working day', () => {
  // 2026: 8 Mar Sun → Mon 9; 9 May Sat → Mon 11; 30 Aug Sun → Mon 31; 25 Oct Sun → Mon 26
  for (const [h, moved] of [
    ['2026-03-08', '2026-03-09'],
    ['2026-05-09', '2026-05-11'],
    ['2026-08-30', '2026-08-31'],
    ['2026-10-25', '2026-10-26'],
    ['2024-07-06', '2024-07-08'],
    ['2027-05-01', '2027-05-03'],
  ] as const) {
    assert.equal(cal.isWorkingDay(moved), false, moved);
    assert.equal(cal.dayInfo(moved).movedFrom?.date, h);
    assert.equal(cal.isWorkingDay(addCalendarDays(moved, 1)), true, `${moved}+1`);
  }
});

test('consecutive weekend holidays move to consecutive working days', () => {
  // 2025 Nauryz: 22 Sat → Mon 24, 23 Sun → Tue 25 (kz-facts)
  assert.equal(cal.dayInfo('2025-03-24').movedFrom?.date, '2025-03-22');
  assert.equal(cal.dayInfo('2025-03-25').movedFrom?.date, '2025-03-23');
  assert.equal(cal.isWorkingDay('2025-03-26'), true);
  // 2026 Nauryz: 21 Sat, 22 Sun, 23 Mon (itself a holiday) → days off 23, 24, 25
  assert.equal(cal.dayInfo('2026-03-23').kind, 'holiday');
  assert.equal(cal.dayInfo('2026-03-24').movedFrom?.date, '2026-03-21');
  assert.equal(cal.dayInfo('2026-03-25').movedFrom?.date, '2026-03-22');
  assert.equal(cal.isWorkingDay('2026-03-26'), true);
  // 2027 Nauryz: 21 Sun → skips holidays Mon 22 and Tue 23 → Wed 24
  assert.equal(cal.dayInfo('2027-03-24').movedFrom?.date, '2027-03-21');
  assert.equal(cal.isWorkingDay('2027-03-25'), true);
  // 2027 New Year: 2 Jan Sat → Mon 4 Jan
  assert.equal(cal.dayInfo('2027-01-04').movedFrom?.date, '2027-01-02');
});

test('NOT moved: 7 January on a Sunday and Kurban Ait on a Sunday', () => {
  // 2024-01-07 is a Sunday: Monday 8 January 2024 is a working day
  assert.equal(isoWeekday('2024-01-07'), 7);
  assert.equal(cal.isWorkingDay('2024-01-08'), true);
  assert.equal(cal.holidaysOf(2024).find((h) => h.id === 'orthodox-christmas')?.notMoved, true);
  // Kurban Ait 2024-06-16 is a Sunday: Monday 17 June 2024 is a working day
  assert.equal(isoWeekday('2024-06-16'), 7);
  assert.equal(cal.dayInfo('2024-06-16').holidays[0]?.id, 'kurban-ait');
  assert.equal(cal.isWorkingDay('2024-06-17'), true);
  const k = cal.holidaysOf(2024).find((h) => h.id === 'kurban-ait');
  assert.deepEqual([k?.date, k?.movedTo, k?.notMoved], ['2024-06-16', null, true]);
  // 2027: Kurban Ait (provisional) on Sunday 16 May, Monday 17 May working
  assert.equal(cal.isWorkingDay('2027-05-17'), true);
  assert.equal(cal.holidaysOf(2027).find((h) => h.id === 'kurban-ait')?.provisional, true);
  assert.deepEqual(cal.provisionalYears, [2027]);
  // 7 Jan on a weekday is simply a day off
  assert.equal(cal.isWorkingDay('2025-01-07'), false);
  assert.equal(cal.isWorkingDay('2026-01-07'), false);
});

test('government transfers are data per year: 2025 (Fri 3 Jan off, Sun 5 Jan working), 2024 (Sat 4 May working, Wed 8 May off)', () => {
  assert.equal(cal.isWorkingDay('2025-01-03'), false);
  assert.equal(cal.isWorkingDay('2025-01-05'), true);
  assert.equal(cal.isWorkingDay('2025-01-04'), false);
  assert.equal(cal.isWorkingDay('2024-05-04'), true);
  assert.equal(cal.isWorkingDay('2024-05-08'), false);
  // without the transfer data the same days follow the plain rules
  const r = raw();
  r.years['2025'].transfers = [];
  const plain = buildCalendar(r);
  assert.equal(plain.isWorkingDay('2025-01-03'), true);
  assert.equal(plain.isWorkingDay('2025-01-05'), false);
  assert.equal(plain.yearSummary(2025).workingDays, 246); // a transfer moves a day, it does not add one
});

// ---------------------------------------------------------------- year summaries

const EXPECTED: Record<number, { workingDays: number; nonWorkingWeekdays: string[]; workingWeekendDays: string[] }> = {
  2024: {
    workingDays: 249,
    nonWorkingWeekdays: [
      '2024-01-01', '2024-01-02', '2024-03-08', '2024-03-21', '2024-03-22', '2024-03-25', '2024-05-01',
      '2024-05-07', '2024-05-08', '2024-05-09', '2024-07-08', '2024-08-30', '2024-10-25', '2024-12-16',
    ],
    workingWeekendDays: ['2024-05-04'],
  },
  // 246 is also the figure of the Ministry of Labour's production calendar for 2026
  2026: {
    workingDays: 246,
    nonWorkingWeekdays: [
      '2026-01-01', '2026-01-02', '2026-01-07', '2026-03-09', '2026-03-23', '2026-03-24', '2026-03-25',
      '2026-05-01', '2026-05-07', '2026-05-11', '2026-05-27', '2026-07-06', '2026-08-31', '2026-10-26', '2026-12-16',
    ],
    workingWeekendDays: [],
  },
  2027: {
    workingDays: 247,
    nonWorkingWeekdays: [
      '2027-01-01', '2027-01-04', '2027-01-07', '2027-03-08', '2027-03-22', '2027-03-23', '2027-03-24',
      '2027-05-03', '2027-05-07', '2027-05-10', '2027-07-06', '2027-08-30', '2027-10-25', '2027-12-16',
    ],
    workingWeekendDays: [],
  },
};

for (const year of [2024, 2026, 2027]) {
  test(`${year}: year summary matches the hand-computed list`, () => {
    assert.deepEqual(cal.yearSummary(year), { year, ...EXPECTED[year] });
  });
}

for (const year of [2024, 2025, 2026, 2027]) {
  test(`${year}: every day agrees with an independent brute-force computation`, () => {
    const ref = referenceYear(year);
    const s = cal.yearSummary(year);
    assert.equal(s.workingDays, ref.workingDays);
    assert.deepEqual(s.nonWorkingWeekdays, ref.nonWorkingWeekdays);
    assert.deepEqual(s.workingWeekendDays, ref.workingWeekendDays);
    for (const d of daysOfYear(year)) assert.equal(cal.isWorkingDay(d), ref.isWorking(d), d);
    // the prefix-sum count agrees too (1 Jan is never a working day, so counting after it is exact)
    assert.equal(cal.workingDaysBetween(`${year}-01-01`, `${year}-12-31`), ref.workingDays);
  });
}

// ---------------------------------------------------------------- working-day arithmetic

test('addWorkingDays across New Year 2025/2026 and 2024/2025', () => {
  // Wed 31 Dec 2025 working; 1, 2 Jan holidays; 3, 4 weekend; Mon 5 Jan working; 7 Jan holiday
  assert.equal(cal.addWorkingDays('2025-12-30', 1), '2025-12-31');
  assert.equal(cal.addWorkingDays('2025-12-30', 2), '2026-01-05');
  assert.equal(cal.addWorkingDays('2025-12-31', 1), '2026-01-05');
  assert.equal(cal.addWorkingDays('2025-12-31', 2), '2026-01-06');
  assert.equal(cal.addWorkingDays('2025-12-31', 3), '2026-01-08');
  // 2024/2025: 1, 2 Jan holidays, 3 Jan transfer day off, Sun 5 Jan working
  assert.equal(cal.addWorkingDays('2024-12-31', 1), '2025-01-05');
  assert.equal(cal.addWorkingDays('2024-12-31', 2), '2025-01-06');
  assert.equal(cal.addWorkingDays('2024-12-31', 3), '2025-01-08');
  assert.equal(cal.workingDaysBetween('2024-12-31', '2025-01-08'), 3);
});

test('addWorkingDays across Nauryz', () => {
  // 2026: Fri 20 Mar → Mon 23, Tue 24, Wed 25 off → Thu 26
  assert.equal(cal.addWorkingDays('2026-03-20', 1), '2026-03-26');
  assert.equal(cal.addWorkingDays('2026-03-19', 2), '2026-03-26');
  assert.equal(cal.addWorkingDays('2026-03-20', 5), '2026-04-01');
  // 2025: Thu 20 Mar → Fri 21 holiday, Mon 24, Tue 25 moved → Wed 26
  assert.equal(cal.addWorkingDays('2025-03-20', 1), '2025-03-26');
  assert.equal(cal.workingDaysBetween('2025-03-20', '2025-03-31'), 4);
  // the 15-working-day example: from Mon 16 Mar 2026
  assert.equal(cal.addWorkingDays('2026-03-16', 15), '2026-04-09');
});

test('addWorkingDays n = 0 and nextWorkingDay/previousWorkingDay', () => {
  assert.equal(cal.addWorkingDays('2026-11-20', 0), '2026-11-20'); // working Friday: itself
  assert.equal(cal.addWorkingDays('2026-11-21', 0), '2026-11-23'); // Saturday: the next working day
  assert.equal(cal.addWorkingDays('2026-12-16', 0), '2026-12-17'); // holiday
  assert.equal(cal.nextWorkingDay('2026-11-20'), '2026-11-23');
  assert.equal(cal.nextWorkingDay('2026-11-19'), '2026-11-20');
  assert.equal(cal.nextWorkingDay('2025-01-04'), '2025-01-05'); // working Sunday
  assert.equal(cal.previousWorkingDay('2026-11-23'), '2026-11-20');
  assert.equal(cal.previousWorkingDay('2026-03-26'), '2026-03-20');
  assert.equal(cal.previousWorkingDay('2025-01-06'), '2025-01-05');
  assert.throws(() => cal.addWorkingDays('2026-11-20', -1), RangeError);
  assert.throws(() => cal.addWorkingDays('2026-11-20', 1.5), RangeError);
});

test('workingDaysBetween: (from, to], negative when reversed, 0 for the same day', () => {
  assert.equal(cal.workingDaysBetween('2026-11-20', '2026-11-20'), 0);
  assert.equal(cal.workingDaysBetween('2026-11-20', '2026-11-23'), 1);
  assert.equal(cal.workingDaysBetween('2026-11-23', '2026-11-20'), -1);
  assert.equal(cal.workingDaysBetween('2026-11-21', '2026-11-22'), 0);
  assert.equal(cal.workingDaysBetween('2024-12-31', '2025-12-31'), 246);
  assert.equal(cal.workingDaysBetween('2025-12-31', '2026-12-31'), 246);
});

test('property: addWorkingDays(from, n) is a working day and workingDaysBetween(from, it) === n', () => {
  const from = fc.integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2027-06-30') }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  fc.assert(
    fc.property(from, fc.integer({ min: 0, max: 120 }), (f, n) => {
      const r = cal.addWorkingDays(f, n);
      assert.equal(cal.isWorkingDay(r), true);
      assert.ok(r >= f);
      if (n >= 1 || cal.isWorkingDay(f)) assert.equal(cal.workingDaysBetween(f, r), n);
      if (n === 0 && cal.isWorkingDay(f)) assert.equal(r, f);
      // minimal: the previous day has one fewer
      if (n >= 1) assert.equal(cal.workingDaysBetween(f, addCalendarDays(r, -1)), n - 1);
    }),
    { numRuns: 2000 },
  );
});

test('property: nextWorkingDay skips only non-working days; workingDaysBetween is additive and antisymmetric', () => {
  const date = fc.integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2027-12-20') }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  fc.assert(
    fc.property(date, (d) => {
      const n = cal.nextWorkingDay(d);
      assert.ok(n > d && cal.isWorkingDay(n));
      for (let x = addCalendarDays(d, 1); x < n; x = addCalendarDays(x, 1)) assert.equal(cal.isWorkingDay(x), false);
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(date, date, date, (a, b, c) => {
      assert.equal(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c), cal.workingDaysBetween(a, c));
      assert.equal(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, a), 0);
      // brute force count for short ranges
      if (a <= b && calendarDaysBetween(a, b) <= 60) {
        let k = 0;
        for (let x = addCalendarDays(a, 1); x <= b; x = addCalendarDays(x, 1)) if (cal.isWorkingDay(x)) k++;
        assert.equal(cal.workingDaysBetween(a, b), k);
      }
    }),
    { numRuns: 1000 },
  );
});

test('performance: 200 000 addWorkingDays calls are fast', () => {
  const t0 = performance.now();
  let d = '2024-01-01';
  for (let i = 0; i < 200_000; i++) {
    const r = cal.addWorkingDays('2025-03-17', i % 60);
    if (i % 1000 === 0) d = r;
  }
  assert.ok(d);
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
});

// ---------------------------------------------------------------- range and input errors

test('dates and years outside the data give a clear YEAR_OUT_OF_RANGE error', () => {
  assert.deepEqual(cal.years, { from: 2024, to: 2027 });
  const isRange = (e: unknown) => e instanceof CalendarRangeError && e instanceof AppError && e.code === 'YEAR_OUT_OF_RANGE' && /2024–2027/.test(e.message);
  assert.throws(() => cal.isWorkingDay('2023-12-31'), isRange);
  assert.throws(() => cal.isWorkingDay('2028-01-03'), isRange);
  assert.throws(() => cal.yearSummary(2028), isRange);
  assert.throws(() => cal.yearSummary(2023), isRange);
  assert.throws(() => cal.holidaysOf(2031), isRange);
  assert.throws(() => cal.addWorkingDays('2027-12-28', 10), isRange); // runs past the data
  assert.throws(() => cal.workingDaysBetween('2023-05-01', '2025-01-01'), isRange);
  assert.throws(() => cal.previousWorkingDay('2024-01-02'), isRange); // 1, 2 Jan 2024 holidays; nothing before
  assert.equal(cal.covers('2023-12-31'), false);
  assert.equal(cal.covers('2027-12-31'), true);
  // the last covered working day can still be reached
  assert.equal(cal.addWorkingDays('2027-12-28', 3), '2027-12-31');
});

test('invalid dates are rejected, not rolled over', () => {
  const isInvalid = (e: unknown) => e instanceof AppError && e.code === 'INVALID_DATE';
  for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-1-1', '20250101', '', 'tomorrow'])
    assert.throws(() => cal.isWorkingDay(bad), isInvalid, bad);
  assert.equal(isIsoDate('2024-02-29'), true);
  assert.equal(isIsoDate('2025-02-29'), false);
});

// ---------------------------------------------------------------- loader

test('loadCalendar: default path from any working directory, and defaultCalendar is cached', () => {
  const cwd = process.cwd();
  try {
    process.chdir('/');
    assert.equal(loadCalendar().yearSummary(2025).workingDays, 246);
  } finally {
    process.chdir(cwd);
  }
  assert.equal(defaultCalendar(), defaultCalendar());
  assert.throws(() => loadCalendar('/nonexistent/kz.yaml'));
});

test('holiday validity years: history before 2022 (1 Dec and 17 Dec holidays, no 25 Oct)', () => {
  const r = raw();
  r.years = {
    '2021': { kurbanAit: '2021-07-20', transfers: [] },
    '2022': { kurbanAit: '2022-07-09', transfers: [] },
  };
  const h = buildCalendar(r);
  assert.equal(h.isWorkingDay('2021-12-01'), false); // First President's Day (Wednesday)
  assert.equal(h.isWorkingDay('2021-12-17'), false); // Independence Day, second day (Friday)
  assert.equal(h.isWorkingDay('2021-10-25'), true); // Republic Day not a holiday yet (Monday)
  assert.equal(h.isWorkingDay('2022-10-25'), false); // restored (Tuesday)
  assert.equal(h.isWorkingDay('2022-12-01'), true); // abolished (Thursday)
  assert.equal(h.holidaysOf(2021).some((x) => x.id === 'republic-day'), false);
  assert.equal(h.holidaysOf(2022).some((x) => x.id === 'first-president-day'), false);
  // 16 Dec 2022 Fri; 17 Dec abolished → Mon 19 Dec 2022 working
  assert.equal(h.isWorkingDay('2022-12-19'), true);
});

test('loader rejects malformed or inconsistent data', () => {
  const bad = (mutate: (r: Raw) => void, re: RegExp) => {
    const r = raw();
    mutate(r);
    assert.throws(() => buildCalendar(r), (e: unknown) => e instanceof CalendarDataError && re.test(e.message));
  };
  bad((r) => delete r.holidays[0].name.kk, /kk, ru and en/);
  bad((r) => (r.holidays[1].id = 'new-year'), /duplicate id/);
  bad((r) => (r.holidays[0].dates = ['13-01']), /not a YYYY-MM-DD/);
  bad((r) => (r.holidays[0].moveIfWeekend = 'yes'), /moveIfWeekend/);
  bad((r) => (r.years['2025'].kurbanAit = '2024-06-06'), /kurbanAit is not in 2025/);
  bad((r) => (r.years['2025'].kurbanAit = '2025-02-30'), /not a YYYY-MM-DD/);
  bad((r) => delete r.years['2025'], /contiguous/);
  bad((r) => (r.years['2025'].transfers = [{ dayOff: '2025-01-04', workingDay: '2025-01-05' }]), /not an ordinary working day/);
  bad((r) => (r.years['2025'].transfers = [{ dayOff: '2025-01-03', workingDay: '2025-01-06' }]), /not an ordinary weekend day/);
  bad((r) => (r.years['2025'].transfers = [{ dayOff: '2026-01-05', workingDay: '2025-01-05' }]), /not in 2025/);
  bad((r) => (r.years = {}), /non-empty/);
  bad((r) => (r.weekend = [0]), /weekend/);
  // a weekend holiday at the very end of the data cannot be moved into an uncovered year
  bad((r) => r.holidays.push({ id: 'x', dates: ['12-25', '12-27', '12-28', '12-29', '12-30', '12-31'], moveIfWeekend: true, name: { kk: 'x', ru: 'x', en: 'x' } }), /moves past the last covered year/);
});

// ---------------------------------------------------------------- local time

test('local time is UTC+05:00', () => {
  const i = new Date('2026-11-20T18:59:59Z'); // 23:59:59 local
  assert.equal(localDate(i), '2026-11-20');
  assert.equal(localMinutes(i), 23 * 60 + 59);
  assert.equal(localDate(new Date('2026-11-20T19:00:00Z')), '2026-11-21');
  assert.equal(localMinutes(new Date('2026-11-20T19:00:00Z')), 0);
  assert.equal(atLocal('2026-11-20', '18:00').toISOString(), '2026-11-20T13:00:00.000Z');
  assert.equal(atLocal('2026-11-20', '00:00').toISOString(), '2026-11-19T19:00:00.000Z');
  assert.equal(atLocal('2026-11-20', '24:00').toISOString(), atLocal('2026-11-21').toISOString());
  assert.equal(atLocal('2026-11-20', '17:59:30').toISOString(), '2026-11-20T12:59:30.000Z');
  assert.equal(localIso(new Date('2026-11-20T19:30:00Z')), '2026-11-21T00:30:00+05:00');
  assert.equal(Date.parse(localIso(new Date('2026-11-20T19:30:00Z'))), Date.parse('2026-11-20T19:30:00Z'));
  assert.equal(localClock(atLocal('2026-11-20', '09:05')), '09:05');
  assert.equal(formatDmy('2026-11-24'), '24.11.2026');
  assert.throws(() => atLocal('2026-11-20', '25:00'), TypeError);
  assert.throws(() => atLocal('2026-11-20', '9:00'), TypeError);
  assert.throws(() => parseClock('12:60'), TypeError);
  assert.throws(() => localDate(new Date('nope')), AppError);
  fc.assert(
    fc.property(fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }), (t) => {
      const inst = new Date(t);
      const back = atLocal(localDate(inst), '00:00').getTime() + localMinutes(inst) * 60_000;
      assert.equal(Math.floor(t / 60_000) * 60_000, back);
    }),
  );
});

// ---------------------------------------------------------------- sanity on the WorkCalendar object

test('the calendar is immutable', () => {
  assert.throws(() => {
    (cal as { isWorkingDay: WorkCalendar['isWorkingDay'] }).isWorkingDay = () => true;
  }, TypeError);
});

test('an instant without an offset is Kazakhstan time (UTC+5); a bare date is the start of that local day', async () => {
  const { parseLocalInstant } = await import('../src/calendar/time.ts');
  assert.equal(parseLocalInstant('2025-03-18T16:00:00')?.toISOString(), '2025-03-18T11:00:00.000Z');
  assert.equal(parseLocalInstant('2025-03-18 16:00')?.toISOString(), '2025-03-18T11:00:00.000Z');
  assert.equal(parseLocalInstant('2025-03-18T16:00:00Z')?.toISOString(), '2025-03-18T16:00:00.000Z');
  assert.equal(parseLocalInstant('2025-03-18T16:00:00+0300')?.toISOString(), '2025-03-18T13:00:00.000Z');
  assert.equal(parseLocalInstant('2025-03-18T16:00:00.123+05:00')?.toISOString(), '2025-03-18T11:00:00.123Z');
  assert.equal(parseLocalInstant('2025-03-18')?.toISOString(), '2025-03-17T19:00:00.000Z');
  for (const bad of ['2025-02-30', '2025-03-18T24:00', '2025-03-18T10:61', 'yesterday', '2025-3-18', '', '2025-03-18T10:00:00+5'])
    assert.equal(parseLocalInstant(bad), null, bad);
});
