import type { ValidationError } from 'class-validator';

/**
 * Field errors in Chinese, next to the field. The API speaks English reasons; the console
 * translates them by class-validator constraint and by the wording of the domain's reasons.
 * Anything not known is shown as 输入有误 with the original reason, never dropped.
 */
const BY_CONSTRAINT: Record<string, string> = {
  isNotEmpty: '必填',
  isString: '必填',
  isInt: '请填写整数',
  min: '数值太小',
  max: '数值太大',
  isBoolean: '请选择',
  isIn: '请从列表中选择',
  isArray: '请选择',
  isCalendarDate: '请填写有效日期（如 2026-11-20）',
  notInFuture: '不能晚于今天',
  isMainlandMobile: '请填写11位手机号码',
  isFen: '请填写金额（元，最多两位小数）',
  arrayMaxSize: '选择太多',
  arrayMinSize: '至少选择一项',
};

const BY_WORDING: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/check digit is wrong/, '身份证号码校验位不正确，请核对是否输错'],
  [/impossible birth date/, '身份证号码中的出生日期不存在'],
  [/birth date in the future/, '身份证号码中的出生日期晚于今天'],
  [/birth date before/, '身份证号码中的出生日期过早'],
  [/region code \(first 6 digits\)/, '身份证号码前6位地区码不正确'],
  [/18-character citizen ID|must be 18 characters: 17 digits/, '请填写18位公民身份号码'],
  [/check character is wrong/, '统一社会信用代码校验位不正确，请核对是否输错'],
  [/credit codes never use/, '统一社会信用代码含有不使用的字母（I、O、Z、S、V）'],
  [/unified social credit code|region code\)$/, '请填写18位统一社会信用代码'],
  [/landline/, '请填写手机号或固定电话（如 0411-86661234）'],
  [/mainland number|mobile number/, '请填写11位手机号码'],
  [/is not a known township/, '不是本县的乡镇'],
  [/is not a known worker/, '没有这个务工人员'],
  [/is not a known employer/, '没有这个用工单位'],
  [/is not a known broker/, '没有这个职业介绍人'],
  [/broker is suspended/, '该职业介绍人已被暂停，不能推荐'],
  [/already registered/, '已经登记过，不能重复登记'],
  [/more than 180 days ahead/, '上岗日期不能晚于今天起180天'],
  [/must not be before the employment start date \(([\d-]+)\)/, (m) => `签订日期不能早于上岗日期（${m[1]}）`],
  [/either a term in months or openEnded/, '请填写合同期限（月）或勾选无固定期限，二者选一'],
  [/whole number of months/, '请填写整数月数'],
  [/must not be in the future|in the future/, '不能晚于今天'],
  [/reason of 2-|a reason is required|reason is required/, '请填写理由（至少2个字）'],
  [/note of 2-|note saying what was revised/, '请填写补正说明（至少2个字）'],
  [/must be 2-40 characters: Chinese characters/, '姓名为2至40个汉字或字母'],
  [/must be more than 0/, '必须大于0'],
  [/must not be before agreementStart/, '协议截止日期不能早于开始日期'],
  [/must be a PDF, JPEG or PNG/, '请上传 PDF、JPG 或 PNG 文件'],
  [/longer than or equal to (\d+) characters/, (m) => `至少${m[1]}个字`],
  [/shorter than or equal to (\d+) characters/, (m) => `最多${m[1]}个字`],
  [/at most 10 MB/, '文件不能超过10MB'],
  [/is required: a PDF/, '请选择文件'],
];

export function zhReason(reason: string, constraint?: string): string {
  // Reasons some contexts already give in Chinese (the ledgers, the households) stand as they are.
  if ((reason.match(/\p{Script=Han}/gu)?.length ?? 0) > (reason.match(/[A-Za-z]/g)?.length ?? 0)) return reason;
  for (const [re, zh] of BY_WORDING) {
    const m = re.exec(reason);
    if (m) return typeof zh === 'string' ? zh : zh(m);
  }
  if (constraint === 'matches' || constraint === 'isLength') return '格式或长度不正确';
  if (constraint && BY_CONSTRAINT[constraint]) return BY_CONSTRAINT[constraint];
  return `输入有误：${reason}`;
}

/** class-validator errors → { field: 中文原因 } (the first problem per field). */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const [key, msg] = Object.entries(e.constraints ?? {})[0] ?? [];
    if (key && !out[field]) out[field] = zhReason(msg ?? '', key);
    if (e.children?.length) Object.assign(out, fieldErrors(e.children, field));
  }
  return out;
}

/** Messages of refusals that are not about one field (409s from the processes), in Chinese. */
const CONFLICTS: [RegExp, string][] = [
  [/worker with this ID number is already registered/, '该身份证号的人员已经登记过，不能重复登记'],
  [/employer with this credit code is already registered/, '该统一社会信用代码的用工单位已经登记过'],
  [/worker already has a placement|already placed/, '该人员已有在岗的就业登记'],
  [/already recorded for this placement/, '该就业登记已经录入过劳动合同'],
  [/employment has ended/, '该人员已离职，不能再录入合同'],
  [/case is closed/, '案件已结案，请先重新立案'],
  [/already acknowledged/, '案件已受理'],
  [/not in mediation/, '案件不在调解阶段'],
  [/extension was already granted/, '已经延期过一次，法律只允许延期一次'],
  [/only an investigation or an arbitration can be extended/, '只有监察调查或仲裁可以延期'],
  [/cannot go to labour inspection/, '当前阶段不能转劳动保障监察'],
  [/cannot go to arbitration/, '当前阶段不能申请仲裁'],
  [/settlement needs the agreed amount/, '调解成功须填写协议金额'],
  [/date by which the employer pays/, '调解成功须填写履行期限（不早于今天）'],
  [/only a closed case can be reopened/, '只有已结案的案件才能重新立案'],
  [/nothing is waiting for an acceptance/, '没有等待受理决定的事项'],
  [/maker-checker/, '经办人不能审批自己经办的申请（审批须由另一人完成）'],
  [/you have approved this claim already/, '您已审批过该申请，第二次审批须由另一名财务人员完成'],
  [/it cannot be decided now/, '该申请已处理，不能重复审批'],
  [/only a claim returned for revision/, '只有退回补正的申请才能重新提交'],
  [/changed by someone else/, '该记录已被他人修改，请刷新后重试'],
];

export function zhMessage(message: string): string {
  for (const [re, zh] of CONFLICTS) if (re.test(message)) return zh;
  return message;
}

/** Reasons the processes record (referral eligibility, decisions), in Chinese for the people they concern. */
const REASONS: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/not in the laid-off\/unemployed category/, '被介绍人员在就业时不属于下岗失业人员'],
  [/contract term \((\d+) months\) is under (\d+) months/, (m) => `劳动合同期限（${m[1]}个月）不足${m[2]}个月`],
  [/broker was suspended on the placement date \(([\d-]+)\)/, (m) => `就业之日（${m[1]}）介绍人处于暂停状态`],
  [/broker referred themself/, '介绍人介绍的是本人'],
  [
    /already paid for this worker in the (\d+) months before ([\d-]+)/,
    (m) => `该人员在${m[2]}之前${m[1]}个月内已发放过职业介绍补贴`,
  ],
  [/no longer employed on this placement (\d+) days after signing/, (m) => `签订合同${m[1]}天后该人员已不在此岗位就业`],
  [/employment ended before a contract/, '签订劳动合同前已离职'],
  [/broker is suspended now/, '介绍人目前处于暂停状态；补贴资格按就业之日判断'],
];

export function zhText(s: unknown): string {
  const str = String(s ?? '');
  for (const [re, zh] of REASONS) {
    const m = re.exec(str);
    if (m) return typeof zh === 'string' ? zh : zh(m);
  }
  return zhMessage(str);
}
