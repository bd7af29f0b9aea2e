import { ageOn, isWorkingAge } from './working-age.js';

const b = { min: 16, maxMale: 60, maxFemale: 55 };

describe('working age', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });
  it('is 16 to the day before the 60th (men) or 55th (women) birthday', () => {
    expect(isWorkingAge('2010-06-15', 'male', '2026-06-14', b)).toBe(false);
    expect(isWorkingAge('2010-06-15', 'male', '2026-06-15', b)).toBe(true);
    expect(isWorkingAge('1966-06-15', 'male', '2026-06-14', b)).toBe(true);
    expect(isWorkingAge('1966-06-15', 'male', '2026-06-15', b)).toBe(false);
    expect(isWorkingAge('1971-06-15', 'female', '2026-06-15', b)).toBe(false);
    expect(isWorkingAge('1971-06-16', 'female', '2026-06-15', b)).toBe(true);
  });
});
