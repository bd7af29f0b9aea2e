/**
 * One ledger row → the values the API would take, checked by the API's own rules: the
 * registry DTOs (class-validator) and the identity parsers. Reasons are Chinese sentences
 * for the office that filled the ledger; they never repeat an ID number.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseCitizenId, parseCreditCode, parsePhone } from '../identity/index.js';
import { CreateEmployerDto, CreateWorkerDto } from '../registry/registry.dto.js';
import { WORKER_CATEGORIES, type WorkerCategory } from '../registry/worker.entity.js';
import { Cell, idCellProblem, parseDateCell, splitList, text } from './cells.js';
import { CATEGORY_LABELS } from './columns.js';

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
export interface EnrollmentRow {
  citizenId: string;
  name?: string;
  courseId: number;
  courseName?: string;
}
export interface CheckedRow<R = object> {
  key: string | null;
  data: R | null;
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

export function dtoReasons(
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

export function citizenIdOf(cells: RowCells, reasons: string[]): string | null {
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

export function creditCodeOf(cells: RowCells, reasons: string[]): string | null {
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

export function dateOf(
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

export function checkWorkerRow(cells: RowCells): CheckedRow<WorkerRow> {
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

export function checkEmployerRow(cells: RowCells): CheckedRow<EmployerRow> {
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

export function checkEnrollmentRow(cells: RowCells): CheckedRow<EnrollmentRow> {
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
