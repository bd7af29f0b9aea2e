import { ageOn } from '../identity/citizen-id.js';
import { LABELS } from '../common/labels.js';
import type { JobOrder } from './job-order.entity.js';

/** The groups who come first (seeds 001, 002): members of zero-employment households, 4050, laid-off. */
export const PRIORITY_CATEGORIES = ['zero_employment_household', 'age_40_50', 'laid_off'] as const;

export interface CandidateRow {
  seekerId: number;
  workerId: number;
  name: string;
  township: string;
  sex: 'male' | 'female';
  birthDate: string;
  categories: string[];
  skills: string[];
  jobs: string[];
  destinations: string[];
  expectedWageFen: number | null;
  availableFrom: string;
  wantsTraining: boolean;
  /** A member of a household now counted zero-employment (the survey's finding, beside the category). */
  zeroEmploymentHousehold: boolean;
}

export interface Candidate {
  seekerId: number;
  workerId: number;
  workerName: string;
  township: string;
  sex: 'male' | 'female';
  age: number;
  categories: string[];
  priority: boolean;
  /** The priority groups the worker is in, in Chinese. */
  priorityGroups: string[];
  score: number;
  /** Why they rank where they do, in Chinese, strongest first. */
  reasons: string[];
  availableFrom: string;
  expectedWageFen: number | null;
}

const norm = (s: string) => s.replace(/\s/g, '');
const overlaps = (a: string, b: string) => {
  const x = norm(a);
  const y = norm(b);
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
};
const yuan = (fen: number) => `${Math.round(fen / 100)}元`;

/** Why the worker may not be proposed for the order at all (the order's lawful age and sex rules), or null. */
export function ineligibility(order: JobOrder, w: { sex: 'male' | 'female'; birthDate: string }): string | null {
  const age = ageOn(w.birthDate, order.startDate);
  if (order.ageMin !== null && age < order.ageMin) return `用工开始时${age}岁，低于要求的${order.ageMin}岁`;
  if (order.ageMax !== null && age > order.ageMax) return `用工开始时${age}岁，超过要求的${order.ageMax}岁`;
  if (order.sex !== null && w.sex !== order.sex) return `该岗位限${LABELS.sex[order.sex]}性（${order.sexReason}）`;
  return null;
}

/**
 * How well a registered seeker fits an order, and why: the job wanted or the skills asked (3 for
 * the job, 1 for each skill), the place (2 when it is one they accept, 1 when they accept any), the
 * start (2 when available by then), the wage (1 when the order pays what they expect).
 */
export function rate(order: JobOrder, c: CandidateRow): Candidate {
  const reasons: string[] = [];
  let score = 0;
  const job = c.jobs.find((j) => overlaps(j, order.job));
  if (job) {
    score += 3;
    reasons.push(`求职意向「${job}」与岗位相符`);
  } else reasons.push('求职意向与岗位不同');
  const skills = order.skills.filter((s) => c.skills.some((k) => overlaps(k, s)));
  if (skills.length) {
    score += skills.length;
    reasons.push(`具备技能：${skills.join('、')}`);
  }
  const place = c.destinations.find((d) => overlaps(d, order.destination));
  if (place) {
    score += 2;
    reasons.push(`愿意到${place}务工`);
  } else if (!c.destinations.length) {
    score += 1;
    reasons.push('务工地点不限');
  } else reasons.push(`意向地点（${c.destinations.join('、')}）不含${order.destination}`);
  if (c.availableFrom <= order.startDate) {
    score += 2;
    reasons.push(`${c.availableFrom}起可上岗，赶得上用工开始`);
  } else reasons.push(`${c.availableFrom}才能上岗，晚于用工开始（${order.startDate}）`);
  if (c.expectedWageFen !== null) {
    if (c.expectedWageFen <= order.wageMaxFen) {
      score += 1;
      reasons.push(`期望工资${yuan(c.expectedWageFen)}在岗位工资范围内`);
    } else reasons.push(`期望工资${yuan(c.expectedWageFen)}高于岗位工资上限`);
  }
  const groups = PRIORITY_CATEGORIES.filter(
    (g) => c.categories.includes(g) || (g === 'zero_employment_household' && c.zeroEmploymentHousehold),
  ).map((g) => LABELS.workerCategory[g]);
  if (groups.length) reasons.unshift(`优先推荐：${groups.join('、')}`);
  return {
    seekerId: c.seekerId,
    workerId: c.workerId,
    workerName: c.name,
    township: c.township,
    sex: c.sex,
    age: ageOn(c.birthDate, order.startDate),
    categories: c.categories,
    priority: groups.length > 0,
    priorityGroups: groups,
    score,
    reasons,
    availableFrom: c.availableFrom,
    expectedWageFen: c.expectedWageFen,
  };
}

/** Priority groups first, then the better fit, then whoever is available sooner, then who registered first. */
export function ranked(list: Candidate[]): Candidate[] {
  return [...list].sort(
    (a, b) =>
      Number(b.priority) - Number(a.priority) ||
      b.score - a.score ||
      a.availableFrom.localeCompare(b.availableFrom) ||
      a.seekerId - b.seekerId,
  );
}
