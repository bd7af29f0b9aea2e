import type { Role } from '../common/request-context.js';

/**
 * Every kind of 待办 a process raises: its Chinese name, and whether staff close it by hand.
 * Most close themselves when their reason goes (the contract is recorded, the request answered,
 * the case moves on); a plain to-do (tell the trainee, check for an interruption) has no such
 * event, so whoever did it closes it.
 */
export const TASK_KINDS = {
  contract_followup: { label: '催签劳动合同', byHand: false },
  case_deadline: { label: '案件期限将至', byHand: false },
  case_breach: { label: '案件期限超期督办', byHand: false },
  case_limitation: { label: '仲裁时效将届满', byHand: false },
  case_limitation_expired: { label: '仲裁时效已届满核实', byHand: true },
  claim_overdue: { label: '补贴审批超时督办', byHand: false },
  training_subsidy_lapsed: { label: '培训补贴失效告知', byHand: true },
  household_visit: { label: '零就业家庭回访', byHand: false },
  contact_request_due: { label: '联系卡求助待答复', byHand: false },
  contact_request_breach: { label: '联系卡求助超期督办', byHand: false },
  // A process stopped because its record never appeared; nothing will close it but a person.
  record_missing: { label: '流程记录缺失核查', byHand: true },
  survey_round_visits: { label: '半年摸底走访', byHand: true },
  monthly_report_due: { label: '签发月度进展汇报', byHand: true },
  calendar_year_missing: { label: '导入节假日安排', byHand: false },
  payment_failed: { label: '代发失败更正收款账户', byHand: false },
  bank_answer_due: { label: '催收银行回盘', byHand: false },
  payout_nothing_to_pay: { label: '代发批次无可发放明细', byHand: true },
  job_order_understaffed: { label: '用工需求人员未到位', byHand: false },
  followup_checkin: { label: '跟踪回访', byHand: false },
  followup_missed: { label: '回访超期督办', byHand: false },
  followup_return_reason: { label: '了解离岗返乡原因', byHand: false },
  batch_departure_due: { label: '输出批次即将出发', byHand: false },
  batch_departure_unrecorded: { label: '输出批次出发未登记', byHand: false },
  batch_arrival_overdue: { label: '输出批次到达未确认', byHand: false },
} as const satisfies Record<string, { label: string; byHand: boolean }>;

export type TaskKind = keyof typeof TASK_KINDS;

/** What a task is about; the console links each to that record's page. */
export type TaskSubjectType =
  | 'placement'
  | 'case'
  | 'claim'
  | 'enrollment'
  | 'household'
  | 'contact_request'
  | 'survey_round'
  | 'monthly_report'
  | 'calendar_year'
  | 'payout_batch'
  | 'job_order'
  | 'departure_batch';
export interface TaskSubject {
  type: TaskSubjectType;
  id: number;
}

export const TASK_SUBJECT_LABELS: Record<TaskSubjectType, string> = {
  placement: '就业登记',
  case: '维权案件',
  claim: '补贴申请',
  enrollment: '培训报名',
  household: '零就业家庭',
  contact_request: '联系卡求助',
  survey_round: '摸底调查',
  monthly_report: '月度进展汇报',
  calendar_year: '节假日安排',
  payout_batch: '代发批次',
  job_order: '用工需求',
  departure_batch: '输出批次',
};

/** A new task: whose queue (a role, and the user it is assigned to when known), its township, its due day. */
export interface NewTask {
  kind: TaskKind;
  title: string;
  /** What to do about it, when the title is not enough. */
  body?: string | null;
  role: Exclude<Role, 'broker'>;
  subject: TaskSubject;
  dueDate: string;
  /** One task per key: a retried activity finds the first. */
  key: string;
  assigneeId?: number | null;
  township?: string | null;
  /** Whose county's queue; by default the subject's (a task about a record that is gone has none to take it from). */
  countyId?: number | null;
}
