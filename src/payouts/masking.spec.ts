import { maskName } from './masking.js';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张*丰'],
    ['欧阳小明', '欧**明'],
    ['王', '王'],
    [' 李春华 ', '李*华'],
  ])('%s → %s', (name, masked) => expect(maskName(name)).toBe(masked));
});
