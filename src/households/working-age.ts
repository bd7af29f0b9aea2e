import { ageOn } from '../identity/citizen-id.js';

/** Working age from the birth date (derived from the ID number) and the policy's bounds. */
export interface WorkingAgeBounds {
  min: number;
  maxMale: number;
  maxFemale: number;
}

/** Whole years of age (周岁), the registry's rule (a 29 February birthday counts from 1 March). */
export { ageOn };

/** Of working age from the `min`th birthday until the day before the `max`th (男16–60, 女16–55). */
export function isWorkingAge(birthDate: string, sex: 'male' | 'female', on: string, b: WorkingAgeBounds): boolean {
  const age = ageOn(birthDate, on);
  return age >= b.min && age < (sex === 'female' ? b.maxFemale : b.maxMale);
}
