import { maskPhone, parsePhone } from './phone.js';

describe('parsePhone', () => {
  it.each([
    ['13812345678'],
    ['138 1234 5678'],
    ['138-1234-5678'],
    ['+86 138 1234 5678'],
    ['+8613812345678'],
    ['8613812345678'],
    ['86-138-1234-5678'],
    ['１３８１２３４５６７８'],
    ['＋８６ １３８１２３４５６７８'],
    ['  13812345678\t'],
  ])('accepts %j', (raw) => {
    expect(parsePhone(raw)).toEqual({ ok: true, phone: '13812345678' });
  });

  it.each(['13', '14', '15', '16', '17', '18', '19'])('accepts the %s prefix', (p) => {
    expect(parsePhone(`${p}012345678`)).toMatchObject({ ok: true });
  });

  it('refuses numbers starting 10, 11, 12 or not with 1', () => {
    for (const raw of ['10012345678', '11012345678', '12012345678', '23812345678']) {
      expect(parsePhone(raw)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'PHONE.SHAPE' }),
      });
    }
  });

  it('refuses the wrong number of digits', () => {
    expect(parsePhone('1381234567')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PHONE.LENGTH', message: '手机号码应为11位，现在是10位' }),
    });
    expect(parsePhone('138123456789')).toMatchObject({ ok: false });
    // A landline with area code is not a mobile number.
    expect(parsePhone('0451-12345678')).toMatchObject({ ok: false });
  });

  it('refuses letters and other country codes', () => {
    expect(parsePhone('1381234567a')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PHONE.CHARACTERS' }),
    });
    expect(parsePhone('+852 91234567')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PHONE.COUNTRY' }),
    });
    expect(parsePhone('')).toMatchObject({ ok: false, error: expect.objectContaining({ code: 'PHONE.EMPTY' }) });
    expect(parsePhone(13812345678 as unknown as string)).toMatchObject({ ok: false });
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
  });
  it('masks an invalid number completely', () => {
    expect(maskPhone('12345')).toBe('***********');
  });
});
