/**
 * Unique, valid (or deliberately invalid) test data for the e2e tests. All test files share
 * one database, so every ID number, credit code and name is random.
 *
 * The check characters are computed here, independently of the code under test (GB 11643
 * ISO 7064 MOD 11-2 and GB 32100 mod 31), so a bug in the app's validators cannot make a
 * test pass by agreeing with itself. The numbers are made up, never a real person's.
 */
import { randomInt } from 'node:crypto';
import type { TestApp } from './app.js';

// ---- 公民身份号码 (GB 11643) ----
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function idCheck(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0);
  return '10X98765432'[sum % 11];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface TestCitizenId {
  id: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/**
 * A valid, random citizen ID number: region 230781, a birth date between 1960 and 2000,
 * a random 3-digit sequence (odd = male, even = female) and the computed check digit.
 */
/**
 * Numbers already given out in this test file: with a fixed birth date only the three sequence
 * digits differ, and a dozen draws would repeat one about one file in twenty.
 */
const issuedIds = new Set<string>();

export function citizenId(opts: { sex?: 'male' | 'female'; birth?: string } = {}): TestCitizenId {
  for (let tries = 0; ; tries++) {
    if (tries === 5000)
      throw new Error(`no ID number left for ${opts.birth ?? 'a random birth date'} in this test file`);
    const birth = opts.birth ?? `${randomInt(1960, 2001)}-${pad(randomInt(1, 13), 2)}-${pad(randomInt(1, 29), 2)}`;
    let seq = randomInt(0, 1000);
    const sex = opts.sex ?? (seq % 2 === 1 ? 'male' : 'female');
    if ((seq % 2 === 1) !== (sex === 'male')) seq = (seq + 1) % 1000;
    const first17 = `230781${birth.replace(/-/g, '')}${pad(seq, 3)}`;
    const id = first17 + idCheck(first17);
    if (issuedIds.has(id)) continue;
    issuedIds.add(id);
    return { id, birthDate: birth, sex };
  }
}

/** The same number with a different (wrong) final character. */
export function withWrongCheckDigit(id: string): string {
  const right = id[17];
  return id.slice(0, 17) + (right === '1' ? '2' : '1');
}

/** A number with an impossible birth date (default 30 February 1985) and a correct check digit. */
export function idWithImpossibleBirthDate(yyyymmdd = '19850230'): string {
  const first17 = `230781${yyyymmdd}${pad(randomInt(0, 1000), 3)}`;
  return first17 + idCheck(first17);
}

// ---- 统一社会信用代码 (GB 32100) ----
const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCheck(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + CC_ALPHABET.indexOf(c) * CC_WEIGHTS[i], 0);
  return CC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** A valid, random unified social credit code: 91 (enterprise), region 210211, random organisation code. */
export function creditCode(): string {
  const org = Array.from({ length: 9 }, () => CC_ALPHABET[randomInt(0, CC_ALPHABET.length)]).join('');
  const first17 = `91210211${org}`;
  return first17 + creditCheck(first17);
}

export function withWrongCreditCheck(code: string): string {
  const right = code[17];
  return code.slice(0, 17) + (right === 'A' ? 'B' : 'A');
}

// ---- other unique values ----
/** A random mainland mobile number. */
export const mobile = () => `13${pad(randomInt(0, 1_000_000_000), 9)}`;

/** A random suffix of Chinese characters, for names that must be unique and pass the name rule. */
const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
export const hanTag = (n = 6) => Array.from({ length: n }, () => HAN[randomInt(0, HAN.length)]).join('');
export const tag = () => `${Date.now().toString(36)}${randomInt(0, 1_000_000).toString(36)}`;

// ---- request bodies ----
export function workerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `张${hanTag(3)}`,
    citizenId: citizenId().id,
    phone: mobile(),
    township: '城关镇',
    categories: ['rural_surplus'],
    skills: ['电焊'],
    ...bankAccountBody(),
    ...overrides,
  };
}

/** A bank and card number to pay into (approval needs one); random so that two payees differ. */
export function bankAccountBody(): { bankName: string; bankAccount: string } {
  return { bankName: '中国农业银行示范县支行', bankAccount: `622848${String(randomInt(0, 1e9)).padStart(9, '0')}0018` };
}

export function providerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `示范县${hanTag()}职业技能培训学校`,
    contactName: '王老师',
    contactPhone: '0458-5612345',
    ...bankAccountBody(),
    ...overrides,
  };
}

export function employerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `大连${hanTag()}物流有限公司`,
    creditCode: creditCode(),
    region: '大连市甘井子区',
    contactName: '刘经理',
    contactPhone: '0411-86661234',
    agreementStart: '2026-01-01',
    agreementEnd: '2027-12-31',
    ...overrides,
  };
}

export function brokerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `赵${hanTag(3)}`,
    citizenId: citizenId().id,
    phone: mobile(),
    certificateNo: `LJ-${tag()}`.toUpperCase(),
    ...bankAccountBody(),
    ...overrides,
  };
}

// ---- direct database checks ----
export async function countWorkersWithId(t: TestApp, id: string): Promise<number> {
  const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM workers WHERE "citizenId" = $1', [id]);
  return n;
}

export async function countEmployersWithCode(t: TestApp, code: string): Promise<number> {
  const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM employers WHERE "creditCode" = $1', [code]);
  return n;
}

export async function countCoursesNamed(t: TestApp, name: string): Promise<number> {
  const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM courses WHERE name = $1', [name]);
  return n;
}

/** The audit lines of one record, oldest first. */
export async function auditRows(
  t: TestApp,
  entity: string,
  id: number | string,
): Promise<
  {
    id: string;
    actorName: string;
    actorRole: string;
    action: string;
    requestId: string | null;
    before: unknown;
    after: unknown;
  }[]
> {
  return t.db.query(
    'SELECT id, "actorName", "actorRole", action, "requestId", before, after FROM audit_log WHERE entity = $1 AND "entityId" = $2 ORDER BY id',
    [entity, String(id)],
  );
}
