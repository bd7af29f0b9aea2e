import { ageOn, citizenIdCheckDigit, maskCitizenId, parseCitizenId } from './citizen-id.js';

// Test numbers are made up (region 230781, chosen birth dates and sequences); their check
// digits are computed here independently of the code under test, never copied from real people.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function check(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * W[i], 0);
  return '10X98765432'[sum % 11];
}
const make = (first17: string) => first17 + check(first17);
const wrongCheck = (first17: string) => first17 + (check(first17) === '1' ? '2' : '1');
const TODAY = '2026-05-01';

const GOOD = make('23078119850312123'); // male (sequence digit 3 is odd)
const FEMALE = make('23078119900101124');
// A sequence whose check character is X.
const seqForX = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0')).find(
  (s) => check(`23078120000229${s}`) === 'X',
)!;
const WITH_X = make(`23078120000229${seqForX}`);
const toFullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('citizenIdCheckDigit', () => {
  it('computes ISO 7064 MOD 11-2 by hand for a known case', () => {
    // sum = 287, 287 mod 11 = 1 → '0'
    expect(citizenIdCheckDigit('23078119850312123')).toBe('0');
  });
  it('agrees with an independent computation, including X', () => {
    expect(citizenIdCheckDigit(WITH_X.slice(0, 17))).toBe('X');
    for (const s of ['11010119800101001', '44030619991231998', '65010120200229007']) {
      expect(citizenIdCheckDigit(s)).toBe(check(s));
    }
  });
  it('refuses anything but 17 digits', () => {
    expect(() => citizenIdCheckDigit('1234')).toThrow(TypeError);
    expect(() => citizenIdCheckDigit('2307811985031212X')).toThrow(TypeError);
  });
});

describe('parseCitizenId', () => {
  it('accepts a valid number and reads birth date, sex and region', () => {
    expect(parseCitizenId(GOOD, TODAY)).toEqual({
      ok: true,
      id: '230781198503121230',
      birthDate: '1985-03-12',
      sex: 'male',
      regionCode: '230781',
    });
    expect(parseCitizenId(FEMALE, TODAY)).toMatchObject({ ok: true, sex: 'female', birthDate: '1990-01-01' });
  });

  it('accepts a 29 February birth date in a leap year and a final X', () => {
    expect(parseCitizenId(WITH_X, TODAY)).toMatchObject({ ok: true, id: WITH_X, birthDate: '2000-02-29' });
  });

  it('accepts a lower-case x and returns it upper-case', () => {
    expect(parseCitizenId(WITH_X.toLowerCase(), TODAY)).toMatchObject({ ok: true, id: WITH_X });
  });

  it('accepts full-width digits and X, surrounding and inner spaces', () => {
    expect(parseCitizenId(toFullWidth(WITH_X), TODAY)).toMatchObject({ ok: true, id: WITH_X });
    expect(parseCitizenId(`  ${GOOD.slice(0, 6)} ${GOOD.slice(6, 14)}\u3000${GOOD.slice(14)}\n`, TODAY)).toMatchObject({
      ok: true,
      id: GOOD,
    });
  });

  it('refuses a wrong check digit and names the expected one', () => {
    const bad = wrongCheck('23078119850312123');
    expect(parseCitizenId(bad, TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CITIZEN_ID.CHECK_DIGIT',
        message: '身份证号校验位不对（按前17位应为0）：请核对号码是否抄错',
      }),
    });
  });

  it.each([
    ['Feb 30', '19850230', '1985-02-30'],
    ['Feb 29 in a common year', '20230229', '2023-02-29'],
    ['month 13', '19851301', '1985-13-01'],
    ['month 00', '19850001', '1985-00-01'],
    ['day 00', '19850300', '1985-03-00'],
    ['April 31', '19850431', '1985-04-31'],
  ])('refuses an impossible birth date (%s)', (_label, birth, shown) => {
    expect(parseCitizenId(make(`230781${birth}123`), TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CITIZEN_ID.BIRTH_DATE_IMPOSSIBLE',
        message: `身份证号中的出生日期不存在（${shown}）`,
      }),
    });
  });

  it('refuses a birth date in the future, relative to the given today', () => {
    const id = make('23078120260502123');
    expect(parseCitizenId(id, TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CITIZEN_ID.BIRTH_DATE_IN_FUTURE',
        message: '身份证号中的出生日期在今天之后（2026-05-02）',
      }),
    });
    expect(parseCitizenId(id, '2026-05-02')).toMatchObject({ ok: true });
  });

  it('refuses a birth date in the future relative to today in Asia/Shanghai by default', () => {
    expect(parseCitizenId(make('23078129990101123'))).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CITIZEN_ID.BIRTH_DATE_IN_FUTURE',
        message: '身份证号中的出生日期在今天之后（2999-01-01）',
      }),
    });
    expect(parseCitizenId(GOOD)).toMatchObject({ ok: true });
  });

  it('refuses a birth date before 1900', () => {
    expect(parseCitizenId(make('23078118991231123'), TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CITIZEN_ID.BIRTH_DATE_TOO_EARLY',
        message: '身份证号中的出生日期早于1900年（1899-12-31）',
      }),
    });
    expect(parseCitizenId(make('23078119000101123'), TODAY)).toMatchObject({ ok: true });
  });

  it.each([
    ['17 characters', GOOD.slice(0, 17), 17],
    ['19 characters', `${GOOD}1`, 19],
    ['the old 15-digit form', '230781850312123', 15],
  ])('refuses the wrong length (%s)', (_label, raw, n) => {
    expect(parseCitizenId(raw, TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CITIZEN_ID.LENGTH', message: `身份证号应为18位，现在是${n}位` }),
    });
  });

  it('refuses an empty value', () => {
    expect(parseCitizenId('   ', TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CITIZEN_ID.EMPTY' }),
    });
  });

  it('refuses letters in the middle, and X anywhere but last', () => {
    expect(parseCitizenId(`${GOOD.slice(0, 8)}A${GOOD.slice(9)}`, TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CITIZEN_ID.CHARACTERS' }),
    });
    expect(parseCitizenId(`${GOOD.slice(0, 8)}X${GOOD.slice(9)}`, TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CITIZEN_ID.X_NOT_LAST' }),
    });
    expect(parseCitizenId(`${GOOD.slice(0, 8)}-${GOOD.slice(9)}`, TODAY)).toMatchObject({ ok: false });
  });

  it.each(['0', '9'])('refuses a region code starting with %s', (first) => {
    expect(parseCitizenId(make(`${first}3078119850312123`), TODAY)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CITIZEN_ID.REGION' }),
    });
  });

  it('never echoes the number in a reason', () => {
    const inputs = [
      wrongCheck('23078119850312123'),
      make('23078119850230123'),
      make('23078129990101123'),
      GOOD.slice(0, 17),
      `${GOOD.slice(0, 8)}A${GOOD.slice(9)}`,
      make('93078119850312123'),
    ];
    for (const raw of inputs) {
      const r = parseCitizenId(raw, TODAY);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).not.toContain(raw);
        expect(r.error.message).not.toContain(raw.slice(0, 17));
        expect(r.error.message).not.toMatch(/\d{9,}/);
      }
    }
  });

  it('refuses non-string input without throwing', () => {
    expect(parseCitizenId(12345 as unknown as string, TODAY)).toMatchObject({ ok: false });
  });

  it('throws for a malformed today (a programming error)', () => {
    expect(() => parseCitizenId(GOOD, '2026-5-1')).toThrow(TypeError);
  });
});

describe('maskCitizenId', () => {
  it('keeps the first 6 and last 4', () => {
    expect(maskCitizenId('230781198503121234')).toBe('230781********1234');
    expect(maskCitizenId(GOOD)).toBe('230781********1230');
  });
  it('normalises first (full-width, lower-case x)', () => {
    expect(maskCitizenId(toFullWidth(WITH_X).toLowerCase())).toBe(`230781********${WITH_X.slice(14)}`);
  });
  it('masks anything that is not 18 characters completely', () => {
    expect(maskCitizenId('2307811985')).toBe('******************');
  });
});

describe('ageOn', () => {
  it('counts whole years from an ID', () => {
    expect(ageOn(GOOD, '2026-03-11')).toBe(40);
    expect(ageOn(GOOD, '2026-03-12')).toBe(41);
  });
  it('counts whole years from a birth date', () => {
    expect(ageOn('1985-03-12', '1985-03-12')).toBe(0);
    expect(ageOn('1985-03-12', '2035-12-31')).toBe(50);
  });
  it('handles a 29 February birthday', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn(WITH_X, '2024-02-29')).toBe(24);
  });
  it('throws for a birth after the date or an invalid ID, without the number', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(RangeError);
    const bad = wrongCheck('23078119850312123');
    expect(() => ageOn(bad, TODAY)).toThrow('cannot compute an age from this citizen ID (CITIZEN_ID.CHECK_DIGIT)');
    try {
      ageOn(bad, TODAY);
    } catch (e) {
      expect((e as Error).message).not.toContain(bad);
    }
    expect(() => ageOn('1985-02-30', TODAY)).toThrow(RangeError);
  });
});
