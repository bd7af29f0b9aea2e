/**
 * The columns of each ledger kind as township offices write them: the header we print in the
 * template, the synonyms we accept on upload, and the note printed on the template's 说明 sheet.
 */
import { toHalfWidth } from '../identity/index.js';

import { LABELS } from '../common/labels.js';

export const LEDGER_KINDS = [
  'workers',
  'employers',
  'placements',
  'enrollments',
  'survey_visits',
  'job_seekers',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const KIND_LABELS: Record<LedgerKind, string> = {
  workers: '务工人员台账',
  employers: '用工单位台账',
  placements: '输出（就业）登记台账',
  enrollments: '培训报名台账',
  survey_visits: '摸底走访台账',
  job_seekers: '求职登记台账',
};

export interface LedgerColumn {
  key: string;
  header: string;
  synonyms: string[];
  required: boolean;
  note: string;
  example: string | number;
  /** Text columns of the template (kept as text so Excel never turns an ID into 2.30781E+17). */
  text?: boolean;
}

/** Worker categories as offices write them (also what imports accept). */
export const CATEGORY_LABELS: Record<string, string> = LABELS.workerCategory;

export const ID_COLUMN: LedgerColumn = {
  key: 'citizenId',
  header: '身份证号',
  synonyms: ['身份证号码', '公民身份号码', '身份证', '证件号码', '身份证件号码'],
  required: true,
  text: true,
  note: '18位公民身份号码，最后一位可以是X。请把这一列设为“文本”格式，否则 Excel 会把号码变成 2.30781E+17 并丢掉末几位。',
  example: '230781198503121234',
};

/** The columns of the registry's own kinds (placements and survey visits: their contexts hold theirs). */
export const COLUMNS: Record<'workers' | 'employers' | 'enrollments', LedgerColumn[]> = {
  workers: [
    {
      key: 'name',
      header: '姓名',
      synonyms: ['名字', '人员姓名', '劳动者姓名', '务工人员姓名'],
      required: true,
      note: '2到40个汉字或字母，可含“·”。',
      example: '张三',
    },
    ID_COLUMN,
    {
      key: 'phone',
      header: '联系电话',
      synonyms: ['手机号', '手机号码', '电话', '联系方式', '手机'],
      required: true,
      text: true,
      note: '11位手机号，可带+86、空格或短横线。',
      example: '13812345678',
    },
    {
      key: 'township',
      header: '乡镇',
      synonyms: ['所属乡镇', '乡镇(街道)', '乡镇街道', '户籍乡镇', '乡镇名称'],
      required: true,
      note: '必须是系统里已有的乡镇名称（与“乡镇”列表一致）。',
      example: '城关镇',
    },
    {
      key: 'categories',
      header: '人员类别',
      synonyms: ['类别', '人员类型', '就业困难类别'],
      required: false,
      note: `可填多个，用顿号或逗号隔开：${Object.values(CATEGORY_LABELS).join('、')}。留空则不改。`,
      example: '农村富余劳动力',
    },
    {
      key: 'skills',
      header: '技能',
      synonyms: ['职业技能', '专业技能', '技能特长', '特长'],
      required: false,
      note: '可填多个，用顿号或逗号隔开，每个不超过30字。留空则不改。',
      example: '电焊、叉车',
    },
    {
      key: 'notes',
      header: '备注',
      synonyms: ['说明'],
      required: false,
      note: '不超过2000字。留空则不改。',
      example: '',
    },
  ],
  employers: [
    {
      key: 'name',
      header: '用工单位',
      synonyms: ['单位名称', '企业名称', '用人单位', '用工单位名称'],
      required: true,
      note: '单位全称，2到100字。',
      example: '大连某某物流有限公司',
    },
    {
      key: 'creditCode',
      header: '统一社会信用代码',
      synonyms: ['信用代码', '社会信用代码', '统一信用代码'],
      required: true,
      text: true,
      note: '18位，数字和大写字母（不含I、O、Z、S、V），最后一位是校验码。',
      example: '91210211MA0TQ8GX3B',
    },
    {
      key: 'region',
      header: '所在地区',
      synonyms: ['地区', '单位地址', '所在地', '单位所在地'],
      required: true,
      note: '如“大连市甘井子区”，2到100字。',
      example: '大连市甘井子区',
    },
    {
      key: 'contactName',
      header: '联系人',
      synonyms: ['单位联系人', '负责人'],
      required: true,
      note: '1到40字。',
      example: '刘经理',
    },
    {
      key: 'contactPhone',
      header: '联系电话',
      synonyms: ['电话', '联系方式', '单位电话'],
      required: true,
      text: true,
      note: '手机号，或固定电话如 0411-86661234。',
      example: '0411-86661234',
    },
    {
      key: 'agreementStart',
      header: '协议开始日期',
      synonyms: ['合作协议开始日期', '协议起始日期'],
      required: false,
      note: '日期，如 2026-01-01、2026/1/1 或 2026年1月1日。可留空。',
      example: '2026-01-01',
    },
    {
      key: 'agreementEnd',
      header: '协议结束日期',
      synonyms: ['合作协议结束日期', '协议截止日期'],
      required: false,
      note: '日期，不得早于协议开始日期。可留空。',
      example: '2027-12-31',
    },
  ],
  enrollments: [
    {
      key: 'name',
      header: '姓名',
      synonyms: ['名字', '学员姓名'],
      required: false,
      note: '仅用于核对：必须与系统中该身份证号的人员姓名一致。',
      example: '张三',
    },
    ID_COLUMN,
    {
      key: 'courseId',
      header: '培训班编号',
      synonyms: ['班级编号', '课程编号', '培训班ID'],
      required: true,
      note: '系统中培训班的编号（数字）。',
      example: 1,
    },
    {
      key: 'courseName',
      header: '培训班名称',
      synonyms: ['培训班', '班级名称', '课程名称'],
      required: false,
      note: '仅用于核对：必须与该编号的培训班名称一致。',
      example: '报纸投递员定单培训班',
    },
  ],
};

/** 月工资（元） and 月工资(元) are the same header; spaces, a leading * and full-width forms do not matter. */
export function normaliseHeader(h: string): string {
  return toHalfWidth(h)
    .replace(/[\s\u200B-\u200D\uFEFF*＊]/g, '')
    .replace(/[：:]$/, '')
    .toLowerCase();
}

/** Header text → column key, for one kind's columns. */
export function headerIndex(columns: LedgerColumn[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of columns) for (const h of [c.header, ...c.synonyms]) m.set(normaliseHeader(h), c.key);
  return m;
}
