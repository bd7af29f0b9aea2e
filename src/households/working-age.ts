/** Working age from the birth date (derived from the ID number) and the policy's bounds. */
export interface WorkingAgeBounds {
  min: number;
  maxMale: number;
  maxFemale: number;
}

/** Whole years of age on `on` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Of working age from the `min`th birthday until the day before the `max`th (男16–60, 女16–55). */
export function isWorkingAge(birthDate: string, sex: 'male' | 'female', on: string, b: WorkingAgeBounds): boolean {
  const age = ageOn(birthDate, on);
  return age >= b.min && age < (sex === 'female' ? b.maxFemale : b.maxMale);
}
