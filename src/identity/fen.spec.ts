import { formatYuan, isFen } from './fen.js';

describe('isFen', () => {
  it.each([0, 1, 8000, Number.MAX_SAFE_INTEGER])('accepts %p', (v) => {
    expect(isFen(v)).toBe(true);
  });
  it.each([
    ['a float', 80.5],
    ['a float that looks whole in yuan', 0.8],
    ['a negative', -1],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['beyond safe integers', Number.MAX_SAFE_INTEGER + 1],
    ['a numeric string', '8000'],
    ['a yuan string', '¥80'],
    ['a decimal string', '80.00'],
    ['null', null],
    ['undefined', undefined],
    ['a bigint', 8000n],
    ['a boxed number', Object(8000)],
  ])('rejects %s', (_label, v) => {
    expect(isFen(v)).toBe(false);
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [80, '0.80'],
    [8000, '80.00'],
    [100000, '1,000.00'],
    [123456, '1,234.56'],
    [99999999, '999,999.99'],
    [123456789, '1,234,567.89'],
    [-5, '-0.05'],
    [-123456789, '-1,234,567.89'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('formats %p fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
  it('refuses floats and non-numbers', () => {
    expect(() => formatYuan(80.5)).toThrow(RangeError);
    expect(() => formatYuan(NaN)).toThrow(RangeError);
    expect(() => formatYuan('8000' as unknown as number)).toThrow(RangeError);
  });
});
