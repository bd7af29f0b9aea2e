import { cnDate, yuanUpper } from './money-format.js';

describe('yuanUpper (人民币大写)', () => {
  it.each([
    [8000, '捌拾元整'],
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角整'], // 会计基础工作规范 §52: 整 after 元 or 角, never after 分,
    [100, '壹元整'],
    [10005, '壹佰元零伍分'],
    [123405, '壹仟贰佰叁拾肆元零伍分'],
    [100000, '壹仟元整'],
    [1000100, '壹万零壹元整'],
    [60000, '陆佰元整'],
    [1234567890, '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整'],
    [10000000, '壹拾万元整'],
    [100500, '壹仟零伍元整'],
  ])('%i fen → %s', (fen, text) => {
    expect(yuanUpper(fen)).toBe(text);
  });

  it('refuses floats and negatives', () => {
    expect(() => yuanUpper(12.5)).toThrow(RangeError);
    expect(() => yuanUpper(-1)).toThrow(RangeError);
  });
});

describe('cnDate', () => {
  it('writes a date the way documents do', () => {
    expect(cnDate('2026-01-05')).toBe('2026年1月5日');
  });
});
