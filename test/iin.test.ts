/**
 * IIN / BIN (kz-facts §1): two-pass mod-11 check digit, "both passes give 10" = never issued,
 * century/sex digit, birth dates, BIN structure, generators.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDigit, checksumOk, isValidBin, isValidIin, makeBin, makeIin, validateBin, validateIin } from '../src/ids/iin.ts';

/** Independent reference, written from the official wording. */
function refPasses(first11: string): { r1: number; r2: number } {
  const d = [...first11].map(Number);
  let a = 0;
  let b = 0;
  for (let i = 0; i < 11; i++) {
    a += (d[i] as number) * (i + 1);
    b += (d[i] as number) * (((i + 2) % 11) + 1); // 3,4,…,11,1,2
  }
  return { r1: a % 11, r2: b % 11 };
}
function refCheck(first11: string): number | null {
  const { r1, r2 } = refPasses(first11);
  if (r1 !== 10) return r1;
  return r2 === 10 ? null : r2;
}

/** Bodies (11 digits) of IINs for 15 May 1988, male, serials 0000–9999, filtered by a predicate. */
function findBodies(pred: (p: { r1: number; r2: number }) => boolean, limit = 5): string[] {
  const out: string[] = [];
  for (let s = 0; s < 10_000 && out.length < limit; s++) {
    const body = `8805153${String(s).padStart(4, '0')}`;
    if (pred(refPasses(body))) out.push(body);
  }
  return out;
}

test('the kz-facts example 880515300120: valid, male, born 15 May 1988', () => {
  assert.equal(checkDigit('88051530012'), 0);
  assert.equal(refPasses('88051530012').r1, 0); // 132 mod 11
  assert.deepEqual(validateIin('880515300120'), { ok: true, info: { birthDate: '1988-05-15', sex: 'male' } });
  assert.equal(isValidIin('880515300120'), true);
  for (let k = 1; k <= 9; k++) assert.equal(isValidIin(`88051530012${k}`), false);
  assert.deepEqual(validateIin('880515300121'), { ok: false, problem: 'checksum' });
});

test('numbers needing the second pass are validated with weights 3..11,1,2', () => {
  // hand-checked: 8·1+8·2+0·3+5·4+1·5+5·6+3·7+0·8+0·9+2·10+0·11 = 120 ≡ 10; second pass 162 ≡ 8
  assert.deepEqual(refPasses('88051530020'), { r1: 10, r2: 8 });
  assert.equal(checkDigit('88051530020'), 8);
  assert.equal(isValidIin('880515300208'), true);
  // a validator that maps the first "10" to 0 would accept this one:
  assert.equal(isValidIin('880515300200'), false);
  const bodies = findBodies(({ r1, r2 }) => r1 === 10 && r2 !== 10, 50);
  assert.ok(bodies.length >= 20);
  for (const b of bodies) {
    const k = refPasses(b).r2;
    assert.equal(checkDigit(b), k, b);
    assert.equal(isValidIin(b + k), true, b);
    for (let x = 0; x <= 9; x++) if (x !== k) assert.equal(isValidIin(`${b}${x}`), false, `${b}${x}`);
  }
});

test('numbers whose both passes give 10 are never valid (found programmatically)', () => {
  const bodies = findBodies(({ r1, r2 }) => r1 === 10 && r2 === 10, 10);
  assert.ok(bodies.length >= 3, 'found some');
  assert.ok(bodies.includes('88051530021'));
  for (const b of bodies) {
    assert.equal(checkDigit(b), null, b);
    for (let x = 0; x <= 9; x++) {
      assert.equal(checksumOk(`${b}${x}`), false, `${b}${x}`);
      assert.deepEqual(validateIin(`${b}${x}`), { ok: false, problem: 'checksum' });
    }
  }
});

test('property: checkDigit agrees with the reference for any 11 digits', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{11}$/), (body) => {
      assert.equal(checkDigit(body), refCheck(body));
      const k = refCheck(body);
      for (let x = 0; x <= 9; x++) assert.equal(checksumOk(`${body}${x}`), k === x);
    }),
    { numRuns: 3000 },
  );
});

/** A valid IIN from its parts, using the reference check digit (or null). */
function iinOf(yymmdd: string, c: number, serial = '0001'): string | null {
  for (let s = Number(serial); s < 10_000; s++) {
    const body = `${yymmdd}${c}${String(s).padStart(4, '0')}`;
    const k = refCheck(body);
    if (k !== null) return body + k;
  }
  return null;
}

test('century and sex digit: 1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s, odd = male; 0 = unknown; 7–9 invalid', () => {
  const cases: Array<[number, string, 'male' | 'female']> = [
    [1, '1899-12-31', 'male'],
    [2, '1899-12-31', 'female'],
    [3, '1999-12-31', 'male'],
    [4, '1999-12-31', 'female'],
    [5, '2099-12-31', 'male'],
    [6, '2099-12-31', 'female'],
  ];
  for (const [c, birthDate, sex] of cases) {
    const iin = iinOf('991231', c) as string;
    assert.deepEqual(validateIin(iin), { ok: true, info: { birthDate, sex } }, iin);
  }
  // C = 0: real numbers (some foreigners): the check digit decides, birth data unknown
  const zero = iinOf('991231', 0) as string;
  assert.deepEqual(validateIin(zero), { ok: true, info: { birthDate: null, sex: null } });
  const zeroOddDate = iinOf('000000', 0) as string; // not a date at all, still valid
  assert.equal(isValidIin(zeroOddDate), true);
  for (const c of [7, 8, 9]) assert.deepEqual(validateIin(iinOf('880515', c) as string), { ok: false, problem: 'date' });
});

test('invalid birth dates are rejected', () => {
  for (const [yymmdd, c] of [
    ['880230', 3], // 30 Feb
    ['881301', 3], // month 13
    ['880001', 3], // month 0
    ['880100', 3], // day 0
    ['880431', 3], // 31 Apr
    ['000229', 3], // 1900 was not a leap year
    ['010229', 5], // 2001 not leap
  ] as const) {
    const iin = iinOf(yymmdd, c) as string;
    assert.deepEqual(validateIin(iin), { ok: false, problem: 'date' }, iin);
  }
  // leap days that exist
  assert.deepEqual(validateIin(iinOf('000229', 5) as string), { ok: true, info: { birthDate: '2000-02-29', sex: 'male' } });
  assert.deepEqual(validateIin(iinOf('960229', 4) as string), { ok: true, info: { birthDate: '1996-02-29', sex: 'female' } });
});

test('format: exactly 12 digits', () => {
  for (const bad of ['', '88051530012', '8805153001200', '88051530012a', ' 880515300120', '８８０５１５３００１２０', '88051530012.'])
    assert.deepEqual(validateIin(bad), { ok: false, problem: 'format' }, bad);
  assert.deepEqual(validateIin(880515300120 as unknown as string), { ok: false, problem: 'format' });
  assert.equal(checksumOk('88051530012'), false);
  assert.equal(checkDigit('8805153001'), null);
});

/** A BIN body: YY MM T A SSSSS. */
function binOf(yymm: string, t: number, a: number): string {
  for (let s = 1; s < 100_000; s++) {
    const body = `${yymm}${t}${a}${String(s).padStart(5, '0')}`;
    const k = refCheck(body);
    if (k !== null) return body + k;
  }
  throw new Error('none');
}

test('BIN structure: type 4/5/6, attribute 0–3, month 01–12, check digit', () => {
  for (const t of [4, 5, 6]) for (const a of [0, 1, 2, 3]) assert.deepEqual(validateBin(binOf('1504', t, a)), { ok: true }, `${t}${a}`);
  for (const t of [0, 1, 2, 3, 7, 8, 9]) assert.deepEqual(validateBin(binOf('1504', t, 0)), { ok: false, problem: 'kind' }, `type ${t}`);
  for (const a of [4, 5, 9]) assert.deepEqual(validateBin(binOf('1504', 4, a)), { ok: false, problem: 'kind' }, `attr ${a}`);
  for (const mm of ['00', '13', '99']) assert.deepEqual(validateBin(binOf(`15${mm}`, 4, 0)), { ok: false, problem: 'date' }, mm);
  const good = binOf('1504', 4, 0);
  const wrong = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
  assert.deepEqual(validateBin(wrong), { ok: false, problem: 'checksum' });
  assert.deepEqual(validateBin('15044000001'), { ok: false, problem: 'format' });
  assert.equal(isValidBin(good), true);
  // an IIN is not a BIN (7th digit is the century digit, not 4/5/6 in most cases)
  assert.equal(isValidBin('880515300120'), false);
});

test('property: makeIin always produces a valid IIN carrying the birth date and sex', () => {
  const date = fc
    .integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2099, 11, 31) })
    .map((t) => new Date(Math.floor(t / 86_400_000) * 86_400_000).toISOString().slice(0, 10));
  fc.assert(
    fc.property(date, fc.constantFrom<'male' | 'female'>('male', 'female'), fc.integer({ min: 0, max: 9999 }), (birthDate, sex, serial) => {
      const iin = makeIin(birthDate, sex, serial);
      assert.match(iin, /^\d{12}$/);
      assert.deepEqual(validateIin(iin), { ok: true, info: { birthDate, sex } });
      assert.equal(refCheck(iin.slice(0, 11)), Number(iin[11]));
    }),
    { numRuns: 3000 },
  );
  assert.equal(makeIin('1988-05-15', 'male', 12), '880515300120');
});

test('makeIin / makeBin reject inputs that cannot give a valid number', () => {
  assert.throws(() => makeIin('2023-02-30', 'male'), RangeError);
  assert.throws(() => makeIin('2100-01-01', 'female'), RangeError);
  assert.throws(() => makeIin('1799-12-31', 'male'), RangeError);
  assert.throws(() => makeIin('1988-5-15', 'male'), RangeError);
  assert.throws(() => makeBin('2015-13'), RangeError);
  assert.throws(() => makeBin('2015-04', 1, 7), RangeError);
  assert.throws(() => makeBin('2015-04', 1, 4, 4), RangeError);
});

test('property: makeBin always produces a valid BIN', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1990, max: 2099 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 99_999 }),
      fc.constantFrom(4, 5, 6),
      fc.constantFrom(0, 1, 2, 3),
      (y, m, serial, type, attr) => {
        const bin = makeBin(`${y}-${String(m).padStart(2, '0')}`, serial, type, attr);
        assert.deepEqual(validateBin(bin), { ok: true });
        assert.equal(bin.slice(0, 4), `${String(y % 100).padStart(2, '0')}${String(m).padStart(2, '0')}`);
        assert.equal(bin[4], String(type));
        assert.equal(bin[5], String(attr));
      },
    ),
    { numRuns: 2000 },
  );
});
