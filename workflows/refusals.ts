/**
 * Why a process refuses an update: the catalogue of its validators' refusals (workflow code
 * may import only workflow files, so it lives here rather than in a context's `*.errors.ts`).
 * A refusal is thrown as an ApplicationFailure whose type is its code and whose message is its
 * Chinese text, filled; the API answers it as it stands (src/common/errors.ts `refusalError`):
 * 400 with the field when it is about one input field, 409 otherwise. A service that checks the
 * same rule before it asks the process throws the same refusal, so one rule has one code.
 *
 * Validators run outside the workflow's history, so rewording a message needs no `patched()`;
 * changing what a validator accepts does.
 */
import { ApplicationFailure } from '@temporalio/workflow';

export interface RefusalEntry {
  /** Chinese, for the bureau user; `{name}` is filled from the parameter of that name. */
  readonly message: string;
  readonly params?: readonly string[];
  /** The input field the refusal is about (then a 400 with `details`). */
  readonly field?: string;
}

type Names<L> = L extends readonly (infer N extends string)[] ? N : never;
/** Building a refusal needs every declared parameter: a missing one is a type error. */
export type RefusalFactory<E extends RefusalEntry> = ([Names<E['params']>] extends [never]
  ? () => ApplicationFailure
  : (args: { [P in Names<E['params']>]: string | number }) => ApplicationFailure) & {
  readonly code: string;
  readonly entry: E;
};

const byCode = new Map<string, RefusalEntry>();

function defineRefusals<const T extends Record<string, RefusalEntry>>(
  prefix: string,
  entries: T,
): { readonly [K in keyof T]: RefusalFactory<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(entries)) {
    const code = `${prefix}.${key}`;
    byCode.set(code, entry);
    const build = (args: Record<string, string | number> = {}) =>
      ApplicationFailure.create({
        type: code,
        message: entry.message.replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in args ? String(args[name]) : whole,
        ),
        nonRetryable: true,
      });
    out[key] = Object.assign(build, { code, entry });
  }
  return out as { readonly [K in keyof T]: RefusalFactory<T[K]> };
}

/** The refusal a failure is (its code and entry), or undefined when it is not one of this catalogue. */
export function refusalOf(failure: { type?: string | null }): { code: string; entry: RefusalEntry } | undefined {
  const entry = failure.type ? byCode.get(failure.type) : undefined;
  return entry && { code: failure.type!, entry };
}

export const ContractRefusals = defineRefusals('PLACEMENT', {
  CONTRACT_EXISTS: { message: '该就业登记已经录入过劳动合同，不能重复录入' },
  ENDED: { message: '该人员的这次就业已经终止（已登记离职），不能再录入劳动合同' },
  ALREADY_ENDED: { message: '该就业已经登记过离职，不能重复登记' },
  SIGNED_BEFORE_START: {
    message: '劳动合同签订日期不能早于上岗日期（{startDate}）',
    params: ['startDate'],
    field: 'signedOn',
  },
  ENDED_BEFORE_START: {
    message: '离职日期不能早于上岗日期（{startDate}）',
    params: ['startDate'],
    field: 'endDate',
  },
});

export const ClaimRefusals = defineRefusals('CLAIM', {
  DECIDED: { message: '该申请已不在待审批状态（已审批、已驳回或已退回补正），不能再审批；请刷新页面查看当前状态' },
  MAKER_CHECKER: { message: '经办人不能审批自己经办或补正的申请，须由另一名财务人员审批' },
  APPROVED_BY_YOU: { message: '您已批准过该申请，第二次批准须由另一名财务人员完成' },
  REASON_REQUIRED: { message: '请填写理由（至少2个字）', field: 'reason' },
  NOTE_REQUIRED: { message: '请填写补正说明（至少2个字）', field: 'note' },
  NOT_RETURNED: { message: '只有退回补正的申请才能重新提交' },
});

export const CaseRefusals = defineRefusals('CASE', {
  CLOSED: { message: '案件已结案；如需继续办理，请先重新打开案件' },
  NOT_CLOSED: { message: '只有已结案的案件才能重新打开' },
  ALREADY_ACKNOWLEDGED: { message: '案件已经受理过' },
  NOT_IN_MEDIATION: { message: '案件不在调解阶段，不能登记调解结果' },
  SETTLEMENT_AMOUNT: { message: '调解达成协议须填写协议金额（整数分）', field: 'amountFen' },
  SETTLEMENT_PAY_BY: { message: '调解达成协议须填写用人单位的履行期限（不早于今天）', field: 'payBy' },
  NO_SETTLEMENT: { message: '没有等待履行的调解协议' },
  ESCALATED_IN_FUTURE: { message: '立案（收件）日期不能晚于今天', field: 'escalatedOn' },
  NO_INSPECTION_NOW: { message: '案件当前所处阶段不能转劳动保障监察' },
  NO_ARBITRATION_NOW: { message: '案件当前所处阶段不能申请劳动仲裁' },
  NOTHING_TO_ACCEPT: { message: '没有等待受理（立案）决定的事项' },
  NOT_EXTENDABLE: { message: '只有劳动保障监察调查或劳动仲裁可以延长期限' },
  ALREADY_EXTENDED: { message: '已经延长过一次期限，法律只允许延长一次' },
  EXTENSION_DAYS: { message: '仲裁延长期限为1至{maxDays}日', params: ['maxDays'], field: 'days' },
  OUTCOME_REQUIRED: { message: '请选择结案结果：已解决、撤回、移送或不予受理', field: 'outcome' },
  AMOUNT_RECOVERED: { message: '追回金额须为整数分，且不能为负数', field: 'amountRecoveredFen' },
  REASON_REQUIRED: { message: '请填写理由（至少2个字）', field: 'reason' },
  NOTE_REQUIRED: { message: '请填写说明（至少2个字）', field: 'note' },
  INTERRUPTION_KIND: { message: '请选择时效中断的事由', field: 'kind' },
  INTERRUPTED_IN_FUTURE: { message: '时效中断的日期不能晚于今天', field: 'interruptedOn' },
  INTERRUPTED_BEFORE_START: {
    message: '时效中断的日期不能早于仲裁时效的起算日（{startsOn}）',
    params: ['startsOn'],
    field: 'interruptedOn',
  },
  LIMITATION_ENDED: {
    message: '仲裁时效已于{endsOn}届满，此后发生的事由不能中断时效',
    params: ['endsOn'],
    field: 'interruptedOn',
  },
});

export const HouseholdRefusals = defineRefusals('HOUSEHOLD', {
  CLEARED: { message: '该家庭已经清零（已有成员就业），不再需要走访' },
  VISIT_BEFORE_FOUND: {
    message: '走访日期不能早于认定为零就业家庭的日期（{foundOn}）',
    params: ['foundOn'],
    field: 'visitedOn',
  },
  VISIT_IN_FUTURE: { message: '走访日期不能晚于今天', field: 'visitedOn' },
  VISITOR_REQUIRED: { message: '请填写走访人', field: 'by' },
});

export const ContactRequestRefusals = defineRefusals('CONTACT_REQUEST', {
  ANSWERED: { message: '该求助已经答复过，不能重复答复' },
  OFFER_REQUIRED: { message: '请填写为该家庭提供的帮助（至少2个字）', field: 'offered' },
  ACCEPTED_REQUIRED: { message: '请选择该家庭是否接受所提供的帮助', field: 'accepted' },
});

/** A payout batch (代发批次): maker-checker, and each step in its turn. */
export const PayoutBatchRefusals = defineRefusals('PAYOUT', {
  MAKER_CHECKER: { message: '代发批次须由编制人以外的另一名财务人员审核批准' },
  NOT_BUILT: { message: '该代发批次已审核或已作废，不能再审核；请刷新页面查看当前状态' },
  NOT_AWAITING_BANK: { message: '该代发批次尚未送出代发文件，或已关闭、已作废，不能导入银行回盘文件' },
  NOT_RECONCILED: { message: '该代发批次还有等待银行回盘的明细，对账完毕后才能关闭' },
  REASON_REQUIRED: { message: '请填写作废理由（至少2个字）', field: 'reason' },
});

export const JobOrderRefusals = defineRefusals('JOB_ORDER', {
  NOT_OPEN: { message: '该用工需求已经结束（已关闭或已过期），不能再关闭' },
  REASON_REQUIRED: { message: '请填写关闭的理由（至少2个字）', field: 'reason' },
});
