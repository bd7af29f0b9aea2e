/**
 * One ledger row → the values the API would take, checked by the API's own rules: the
 * registry DTOs (class-validator) and the identity parsers. Reasons are Chinese sentences
 * for the office that filled the ledger; they never repeat an ID number.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterPlacementDto } from '../placements/placements.dto.js';
import { parseCitizenId, parseCreditCode, parsePhone } from '../identity/index.js';
import { CreateEmployerDto, CreateWorkerDto } from '../registry/registry.dto.js';
import { WORKER_CATEGORIES, type WorkerCategory } from '../registry/worker.entity.js';
import type { HouseholdStatus } from '../households/household.entity.js';
import { shanghaiToday } from '../common/dates.js';
import {
  Cell,
  idCellProblem,
  parseContractTerm,
  parseDateCell,
  parseYesNo,
  parseYuanCell,
  splitList,
  text,
} from './cells.js';
import { CATEGORY_LABELS, type LedgerKind } from './columns.js';

export interface WorkerRow {
  citizenId: string;
  name: string;
  phone: string;
  township: string;
  categories?: WorkerCategory[];
  skills?: string[];
  notes?: string;
}
export interface EmployerRow {
  creditCode: string;
  name: string;
  region: string;
  contactName: string;
  contactPhone: string;
  agreementStart?: string | null;
  agreementEnd?: string | null;
}
export interface PlacementRow {
  citizenId: string;
  name?: string;
  creditCode: string;
  employerName?: string;
  startDate: string;
  job: string;
  monthlyWageFen: number;
  destination: string;
  organised: boolean;
  contractTerm?: string;
}
export interface EnrollmentRow {
  citizenId: string;
  name?: string;
  courseId: number;
  courseName?: string;
}
/** A household is found by a member's ID number, or else by township + address. */
export interface SurveyVisitRow {
  period: string;
  citizenId?: string;
  headName?: string;
  township?: string;
  address?: string;
  visitedOn: string;
  visitedBy: string;
  finding: HouseholdStatus;
  note?: string;
}
export type LedgerData = WorkerRow | EmployerRow | PlacementRow | EnrollmentRow | SurveyVisitRow;

export interface CheckedRow {
  key: string | null;
  data: LedgerData | null;
  reasons: string[];
}

/** The columns present in the file, by key (absent optional columns mean "leave as it is"). */
export type RowCells = Map<string, Cell>;

/** Chinese sentences for the DTO properties, used when class-validator refuses one. */
const FIELD_RULES: Record<string, string> = {
  name: '姓名应为2到40个汉字或字母，可含“·”',
  township: '乡镇名称应为2到40字',
  categories: '人员类别最多6个',
  skills: '技能每项1到30字，最多20项',
  notes: '备注不超过2000字',
  region: '所在地区应为2到100字',
  contactName: '联系人应为1到40字',
  contactPhone: '联系电话应为手机号或固定电话（如 0411-86661234）',
  agreementStart: '协议开始日期不是有效日期',
  agreementEnd: '协议结束日期不是有效日期',
  startDate: '上岗日期不是有效日期',
  job: '工种应为1到60字',
  monthlyWageFen: '月工资必须大于0',
  destination: '务工地点应为2到100字',
};
const EMPLOYER_FIELD_RULES: Record<string, string> = { name: '单位名称应为2到100字' };

function dtoReasons(
  cls: new () => object,
  plain: object,
  rules: Record<string, string> = {},
  ignore: string[] = [],
): string[] {
  const errors = validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }).filter(
    (e) => !ignore.includes(e.property),
  );
  return errors.map(
    (e) =>
      rules[e.property] ?? FIELD_RULES[e.property] ?? `${e.property}：${Object.values(e.constraints ?? {}).join('；')}`,
  );
}

function citizenIdOf(cells: RowCells, reasons: string[]): string | null {
  const c = cells.get('citizenId') ?? null;
  const numeric = idCellProblem(c);
  if (numeric) {
    reasons.push(numeric);
    return null;
  }
  const r = parseCitizenId(text(c));
  if (!r.ok) {
    reasons.push(r.error.message);
    return null;
  }
  return r.id;
}

function creditCodeOf(cells: RowCells, reasons: string[]): string | null {
  const c = cells.get('creditCode') ?? null;
  if (typeof c === 'number') {
    reasons.push('统一社会信用代码被 Excel 存成了数字：请把这一列设为“文本”格式后重新填写');
    return null;
  }
  const r = parseCreditCode(text(c));
  if (!r.ok) {
    reasons.push(r.error.message);
    return null;
  }
  return r.code;
}

function dateOf(
  cells: RowCells,
  key: string,
  label: string,
  reasons: string[],
  required: boolean,
): string | null | undefined {
  if (!cells.has(key)) return undefined;
  const c = cells.get(key) ?? null;
  if (c === null || text(c) === '') {
    if (required) reasons.push(`${label}为空`);
    // An empty optional cell leaves the stored date as it is (as for every other optional column).
    return required ? null : undefined;
  }
  const d = parseDateCell(c);
  if (!d.ok) {
    reasons.push(`${label}：${d.reason}`);
    return null;
  }
  return d.value;
}

const CATEGORY_BY_WORD = new Map<string, WorkerCategory>([
  ...WORKER_CATEGORIES.map((c) => [c, c] as [string, WorkerCategory]),
  ...Object.entries(CATEGORY_LABELS).map(([k, v]) => [v, k as WorkerCategory] as [string, WorkerCategory]),
  ['农村劳动力', 'rural_surplus'],
  ['富余劳动力', 'rural_surplus'],
  ['失业人员', 'laid_off'],
  ['下岗职工', 'laid_off'],
  ['下岗失业', 'laid_off'],
  ['毕业生', 'graduate'],
  ['大学生', 'graduate'],
  ['退役士兵', 'veteran'],
  ['零就业家庭成员', 'zero_employment_household'],
  ['4050', 'age_40_50'],
  ['40、50人员', 'age_40_50'],
  ['“4050”人员', 'age_40_50'],
]);

export function checkWorkerRow(cells: RowCells): CheckedRow {
  const reasons: string[] = [];
  const citizenId = citizenIdOf(cells, reasons);
  const phoneCell = cells.get('phone') ?? null;
  const phoneParsed = parsePhone(typeof phoneCell === 'number' ? String(phoneCell) : text(phoneCell));
  if (!phoneParsed.ok) reasons.push(phoneParsed.error.message);
  const name = text(cells.get('name') ?? null).replace(/\s+/g, ' ');
  const township = text(cells.get('township') ?? null).replace(/\s+/g, '');
  if (!name) reasons.push('姓名为空');
  if (!township) reasons.push('乡镇为空');
  let categories: WorkerCategory[] | undefined;
  if (cells.has('categories') && text(cells.get('categories') ?? null)) {
    categories = [];
    for (const word of splitList(cells.get('categories') ?? null)) {
      const c = CATEGORY_BY_WORD.get(word);
      if (c) categories.push(c);
      else reasons.push(`人员类别“${word}”不认识，可填：${Object.values(CATEGORY_LABELS).join('、')}`);
    }
    categories = [...new Set(categories)];
  }
  const skills =
    cells.has('skills') && text(cells.get('skills') ?? null) ? splitList(cells.get('skills') ?? null) : undefined;
  const notes = cells.has('notes') && text(cells.get('notes') ?? null) ? text(cells.get('notes') ?? null) : undefined;
  const data: WorkerRow = {
    citizenId: citizenId ?? '',
    name,
    phone: phoneParsed.ok ? phoneParsed.phone : '',
    township,
    ...(categories ? { categories } : {}),
    ...(skills ? { skills } : {}),
    ...(notes !== undefined ? { notes } : {}),
  };
  if (name && township) {
    // The API's own DTO: the same name, township, category and skill rules as POST /workers.
    const problems = dtoReasons(CreateWorkerDto, { ...data, categories: data.categories ?? [] }, {}, [
      'citizenId',
      'phone',
    ]);
    reasons.push(...problems);
  }
  return reasons.length ? { key: citizenId, data: null, reasons } : { key: citizenId, data, reasons };
}

export function checkEmployerRow(cells: RowCells): CheckedRow {
  const reasons: string[] = [];
  const creditCode = creditCodeOf(cells, reasons);
  const name = text(cells.get('name') ?? null);
  const region = text(cells.get('region') ?? null);
  const contactName = text(cells.get('contactName') ?? null);
  const phoneCell = cells.get('contactPhone') ?? null;
  let contactPhone = (typeof phoneCell === 'number' ? String(phoneCell) : text(phoneCell)).replace(/\s+/g, '');
  const mobile = parsePhone(contactPhone);
  if (mobile.ok) contactPhone = mobile.phone;
  const agreementStart = dateOf(cells, 'agreementStart', '协议开始日期', reasons, false);
  const agreementEnd = dateOf(cells, 'agreementEnd', '协议结束日期', reasons, false);
  if (!name) reasons.push('单位名称为空');
  if (!region) reasons.push('所在地区为空');
  if (!contactName) reasons.push('联系人为空');
  if (!contactPhone) reasons.push('联系电话为空');
  const data: EmployerRow = {
    creditCode: creditCode ?? '',
    name,
    region,
    contactName,
    contactPhone,
    ...(agreementStart !== undefined ? { agreementStart } : {}),
    ...(agreementEnd !== undefined ? { agreementEnd } : {}),
  };
  if (name && region && contactName && contactPhone) {
    reasons.push(
      ...dtoReasons(
        CreateEmployerDto,
        {
          name,
          region,
          contactName,
          contactPhone,
          creditCode: creditCode ?? '',
          ...(agreementStart ? { agreementStart } : {}),
          ...(agreementEnd ? { agreementEnd } : {}),
        },
        EMPLOYER_FIELD_RULES,
        ['creditCode'],
      ),
    );
  }
  // The service's own check (RegistryService.createEmployer).
  if (agreementStart && agreementEnd && agreementEnd < agreementStart) reasons.push('协议结束日期早于协议开始日期');
  return reasons.length ? { key: creditCode, data: null, reasons } : { key: creditCode, data, reasons };
}

export function checkPlacementRow(cells: RowCells): CheckedRow {
  const reasons: string[] = [];
  const citizenId = citizenIdOf(cells, reasons);
  const creditCode = creditCodeOf(cells, reasons);
  const startDate = dateOf(cells, 'startDate', '上岗日期', reasons, true) ?? null;
  const job = text(cells.get('job') ?? null);
  const destination = text(cells.get('destination') ?? null);
  if (!job) reasons.push('工种为空');
  if (!destination) reasons.push('务工地点为空');
  let monthlyWageFen = 0;
  const wageCell = cells.get('monthlyWage') ?? null;
  if (wageCell === null || text(wageCell) === '') reasons.push('月工资为空');
  else {
    const w = parseYuanCell(wageCell);
    if (w.ok) monthlyWageFen = w.value;
    else reasons.push(`月工资：${w.reason}`);
  }
  const org = parseYesNo(cells.get('organised') ?? null);
  if (!org.ok) reasons.push(`有组织输出：${org.reason}`);
  let contractTerm: string | undefined;
  if (cells.has('contractTerm')) {
    const t = parseContractTerm(cells.get('contractTerm') ?? null);
    if (t.ok) contractTerm = t.value || undefined;
    else reasons.push(`合同期限：${t.reason}`);
  }
  const name = text(cells.get('name') ?? null) || undefined;
  const employerName = text(cells.get('employerName') ?? null) || undefined;
  const data: PlacementRow = {
    citizenId: citizenId ?? '',
    creditCode: creditCode ?? '',
    startDate: startDate ?? '',
    job,
    monthlyWageFen,
    destination,
    organised: org.ok ? org.value : false,
    ...(name ? { name } : {}),
    ...(employerName ? { employerName } : {}),
    ...(contractTerm ? { contractTerm } : {}),
  };
  if (job && destination && startDate && monthlyWageFen >= 0 && wageCell !== null) {
    reasons.push(
      ...dtoReasons(RegisterPlacementDto, {
        workerId: 1,
        employerId: 1,
        startDate,
        job,
        monthlyWageFen,
        destination,
        organised: data.organised,
      }),
    );
  }
  const key = citizenId && creditCode && startDate ? `${citizenId}|${creditCode}|${startDate}` : null;
  return reasons.length ? { key, data: null, reasons: [...new Set(reasons)] } : { key, data, reasons };
}

export function checkEnrollmentRow(cells: RowCells): CheckedRow {
  const reasons: string[] = [];
  const citizenId = citizenIdOf(cells, reasons);
  const c = cells.get('courseId') ?? null;
  const t = text(c);
  let courseId = 0;
  if (!t) reasons.push('培训班编号为空');
  else if (!/^\d{1,9}$/.test(t) || Number(t) < 1) reasons.push(`培训班编号“${t}”应为系统中培训班的编号（正整数）`);
  else courseId = Number(t);
  const name = text(cells.get('name') ?? null) || undefined;
  const courseName = text(cells.get('courseName') ?? null) || undefined;
  const data: EnrollmentRow = {
    citizenId: citizenId ?? '',
    courseId,
    ...(name ? { name } : {}),
    ...(courseName ? { courseName } : {}),
  };
  const key = citizenId && courseId ? `${citizenId}|${courseId}` : null;
  return reasons.length ? { key, data: null, reasons } : { key, data, reasons };
}

/** 2026H2, 2026h2, 2026年下半年, 2026下半年 → 2026H2. */
export function parsePeriod(c: Cell): string | null {
  const t = text(c).replace(/\s+/g, '').toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(20\d\d)H([12])$/.exec(t))) return `${m[1]}H${m[2]}`;
  if ((m = /^(20\d\d)年?(上|下)半年(度)?$/.exec(t))) return `${m[1]}H${m[2] === '上' ? 1 : 2}`;
  return null;
}

export const FINDING_LABELS: Record<HouseholdStatus, string> = {
  zero_employment: '零就业',
  employed: '有人就业',
  no_working_age: '无劳动年龄人员',
};
const FINDING_BY_WORD = new Map<string, HouseholdStatus>([
  ...Object.entries(FINDING_LABELS).map(([k, v]) => [v, k as HouseholdStatus] as [string, HouseholdStatus]),
  ...(Object.keys(FINDING_LABELS) as HouseholdStatus[]).map((k) => [k, k] as [string, HouseholdStatus]),
  ['零就业家庭', 'zero_employment'],
  ['是零就业家庭', 'zero_employment'],
  ['零就业户', 'zero_employment'],
  ['已就业', 'employed'],
  ['就业', 'employed'],
  ['有就业', 'employed'],
  ['非零就业', 'employed'],
  ['有成员就业', 'employed'],
  ['无劳动年龄成员', 'no_working_age'],
  ['无劳动力', 'no_working_age'],
  ['无劳动年龄人口', 'no_working_age'],
]);

export function checkSurveyVisitRow(cells: RowCells): CheckedRow {
  const reasons: string[] = [];
  const periodCell = cells.get('period') ?? null;
  const period = parsePeriod(periodCell);
  if (!text(periodCell)) reasons.push('摸底轮次为空');
  else if (!period) reasons.push(`摸底轮次“${text(periodCell)}”应写作如“2026H2”或“2026年下半年”`);
  const hasId = cells.has('citizenId') && text(cells.get('citizenId') ?? null) !== '';
  const citizenId = hasId ? citizenIdOf(cells, reasons) : null;
  const township = text(cells.get('township') ?? null).replace(/\s+/g, '') || undefined;
  const address = text(cells.get('address') ?? null).replace(/\s+/g, '') || undefined;
  if (!hasId && !address) reasons.push('户主身份证号和家庭地址都为空：至少填一项，才能找到这一户');
  else if (!hasId && !township) reasons.push('按家庭地址找户时乡镇不能为空');
  const visitedOn = dateOf(cells, 'visitedOn', '走访日期', reasons, true) ?? null;
  if (visitedOn && visitedOn > shanghaiToday()) reasons.push(`走访日期${visitedOn}晚于今天：不能登记还没有发生的走访`);
  const visitedBy = text(cells.get('visitedBy') ?? null).replace(/\s+/g, ' ');
  if (!visitedBy) reasons.push('走访人为空');
  else if (visitedBy.length > 40) reasons.push('走访人不超过40字');
  const findingText = text(cells.get('finding') ?? null).replace(/\s+/g, '');
  const finding = FINDING_BY_WORD.get(findingText);
  if (!findingText) reasons.push('走访情况为空');
  else if (!finding) reasons.push(`走访情况“${findingText}”不认识，可填：${Object.values(FINDING_LABELS).join('、')}`);
  // A note is free text: kept as written (Chinese punctuation stays full-width).
  const noteCell = cells.get('note') ?? null;
  const note =
    (typeof noteCell === 'string' ? noteCell.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim() : text(noteCell)) ||
    undefined;
  if (note && note.length > 2000) reasons.push('备注不超过2000字');
  const headName = text(cells.get('headName') ?? null) || undefined;
  const data: SurveyVisitRow = {
    period: period ?? '',
    visitedOn: visitedOn ?? '',
    visitedBy,
    finding: finding ?? 'employed',
    ...(citizenId ? { citizenId } : {}),
    ...(headName ? { headName } : {}),
    ...(township ? { township } : {}),
    ...(address ? { address } : {}),
    ...(note ? { note } : {}),
  };
  const key =
    period && (citizenId || (!hasId && township && address))
      ? `${period}|${citizenId ?? `${township}|${address}`}`
      : null;
  return reasons.length ? { key, data: null, reasons } : { key, data, reasons };
}

export const CHECKERS: Record<LedgerKind, (cells: RowCells) => CheckedRow> = {
  workers: checkWorkerRow,
  employers: checkEmployerRow,
  placements: checkPlacementRow,
  enrollments: checkEnrollmentRow,
  survey_visits: checkSurveyVisitRow,
};

/** What the duplicate-in-file reason calls the key. */
export const KEY_LABELS: Record<LedgerKind, string> = {
  workers: '身份证号',
  employers: '统一社会信用代码',
  placements: '身份证号、统一社会信用代码和上岗日期',
  enrollments: '身份证号和培训班编号',
  survey_visits: '摸底轮次和户主身份证号（或乡镇、家庭地址）',
};

/** The rule the duplicate-in-file reason cites. */
export const ONCE_RULES: Record<LedgerKind, string> = {
  workers: '同一文件中每人（每个单位）只能出现一次',
  employers: '同一文件中每人（每个单位）只能出现一次',
  placements: '同一文件中每人（每个单位）只能出现一次',
  enrollments: '同一文件中每人（每个单位）只能出现一次',
  survey_visits: '同一文件中每户在一个轮次只能登记一次走访',
};
