import { creditCodeCheckChar, parseCreditCode } from './credit-code.js';

const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// Independent of the code under test.
const check = (first17: string) => A[(31 - ([...first17].reduce((s, c, i) => s + A.indexOf(c) * W[i], 0) % 31)) % 31];
const make = (first17: string) => first17 + check(first17);
const wrongCheck = (first17: string) => first17 + (check(first17) === '1' ? '2' : '1');

// The worked example printed in GB 32100-2015 (an organisation code, not personal data).
const STANDARD_EXAMPLE = '91350100M000100Y43';
const GOOD = make('91230781MA1B2C3D4');
const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('creditCodeCheckChar', () => {
  it('matches the example in the standard', () => {
    expect(creditCodeCheckChar(STANDARD_EXAMPLE.slice(0, 17))).toBe('3');
  });
  it('agrees with an independent computation', () => {
    for (const s of ['91230781MA1B2C3D4', '12100000400000001', 'Y1110000000000000', '5311000050000000X']) {
      expect(creditCodeCheckChar(s)).toBe(check(s));
    }
  });
  it('maps 31 to 0', () => {
    // Find a body whose weighted sum is a multiple of 31.
    const body = Array.from({ length: 31 }, (_, i) => `9123078100000000${A[i]}`).find((s) => check(s) === '0')!;
    expect(creditCodeCheckChar(body)).toBe('0');
  });
  it('refuses anything but 17 alphabet characters', () => {
    expect(() => creditCodeCheckChar('9123')).toThrow(TypeError);
    expect(() => creditCodeCheckChar('91230781MA1B2C3DI')).toThrow(TypeError);
  });
});

describe('parseCreditCode', () => {
  it('accepts a valid code', () => {
    expect(parseCreditCode(STANDARD_EXAMPLE)).toEqual({ ok: true, code: STANDARD_EXAMPLE });
    expect(parseCreditCode(GOOD)).toEqual({ ok: true, code: GOOD });
  });

  it('normalises: trims, full-width → half-width, upper-case, inner spaces', () => {
    expect(parseCreditCode(`  ${GOOD.toLowerCase()} `)).toEqual({ ok: true, code: GOOD });
    expect(parseCreditCode(toFullWidth(GOOD))).toEqual({ ok: true, code: GOOD });
    expect(parseCreditCode(`${GOOD.slice(0, 8)} ${GOOD.slice(8)}`)).toEqual({ ok: true, code: GOOD });
  });

  it('refuses a wrong check character and names the expected one', () => {
    const body = '91230781MA1B2C3D4';
    expect(parseCreditCode(wrongCheck(body))).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CREDIT_CODE.CHECK_CHARACTER',
        message: `统一社会信用代码校验位不对（应为${check(body)}）：请核对是否抄错`,
      }),
    });
  });

  it.each([
    ['I', '1'],
    ['O', '0'],
    ['Z', '2'],
    ['S', '5'],
    ['V', 'U'],
  ])('refuses the forbidden letter %s', (letter, meant) => {
    const raw = `91230781MA1B2C3${letter}4X`;
    expect(parseCreditCode(raw)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CREDIT_CODE.FORBIDDEN_LETTER',
        message: `统一社会信用代码第16位是字母${letter}，信用代码不用这个字母（是不是${meant}？）`,
      }),
    });
  });

  it('refuses a lower-case forbidden letter too (after upper-casing)', () => {
    expect(parseCreditCode('91230781ma1b2c3o4x')).toMatchObject({
      ok: false,
      error: expect.objectContaining({
        code: 'CREDIT_CODE.FORBIDDEN_LETTER',
        message: expect.stringContaining('字母O'),
      }),
    });
  });

  it('refuses punctuation', () => {
    expect(parseCreditCode('91230781-A1B2C3D4X')).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CREDIT_CODE.CHARACTER',
        message: '统一社会信用代码第9位含有不允许的字符',
      }),
    });
  });

  it('refuses letters in the region code (characters 3 to 8)', () => {
    expect(parseCreditCode(make('9123A781MA1B2C3D4'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CREDIT_CODE.REGION' }),
    });
  });

  it('refuses the wrong length and empty input', () => {
    expect(parseCreditCode(GOOD.slice(0, 17))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CREDIT_CODE.LENGTH', message: '统一社会信用代码应为18位，现在是17位' }),
    });
    expect(parseCreditCode('')).toMatchObject({
      ok: false,
      error: expect.objectContaining({ code: 'CREDIT_CODE.EMPTY' }),
    });
    expect(parseCreditCode(null as unknown as string)).toMatchObject({ ok: false });
  });
});
