import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditQuery } from '../audit/audit.controller.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ConsolePages } from '../auth/console-session.js';
import { UserDirectory } from '../auth/user-directory.js';
import { UsersService } from '../auth/users.service.js';
import { shanghaiDateTimeOf } from '../common/dates.js';
import { recordFieldName } from '../common/field-names.js';
import { LABELS } from '../common/labels.js';
import { Roles } from '../common/roles.decorator.js';
import { DOCUMENT_TYPES } from '../documents/document-types.js';
import { TASK_KINDS } from '../tasks/task-kinds.js';
import { ConsoleFilter, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

const PAGE_SIZE = 50;

/** The kinds of record that have a console page of their own, and where it is. */
const RECORD_PAGES: Record<string, string> = {
  worker: '/console/workers/',
  employer: '/console/employers/',
  broker: '/console/brokers/',
  placement: '/console/placements/',
  case: '/console/cases/',
  claim: '/console/claims/',
  household: '/console/households/',
  course: '/console/courses/',
  training_provider: '/console/providers/',
  user: '/console/users/',
  departure_batch: '/console/departure-batches/',
};

/**
 * Users and offices are not held by county, so their lines reach every admin; a user's page opens
 * only for the admin who manages them (others would meet a 404), so only those are linked, and
 * offices, whose list is one page, not at all.
 */
const LINKED_ONLY_WHEN_MANAGED = new Set(['user']);

/** Which form's names a kind's columns take where one name means different things (姓名 or 单位名称). */
const FORM_OF: Record<string, string> = {
  worker: 'UpdateWorkerDto',
  employer: 'UpdateEmployerDto',
  broker: 'UpdateBrokerDto',
  office: 'UpdateOfficeDto',
  training_provider: 'UpdateTrainingProviderDto',
  course: 'CreateCourseDto',
};

/** A column whose value is a code, and the labels it takes (status by the kind of record). */
const STATUS_OF: Record<string, string> = {
  broker: 'brokerStatus',
  placement: 'placementStatus',
  claim: 'claimStatus',
  case: 'caseStatus',
  household: 'householdStatus',
  course: 'courseStatus',
  enrollment: 'enrollmentStatus',
  survey_round: 'surveyRoundStatus',
  ledger_import: 'importStatus',
  contact_request: 'requestStatus',
  departure_batch: 'batchStatus',
};
const CODE_OF: Record<string, string> = {
  role: 'role',
  categories: 'workerCategory',
  workerCategories: 'workerCategory',
  kind: 'caseKind',
  stage: 'caseStage',
  mode: 'courseMode',
  payee: 'subsidyPayee',
  sex: 'sex',
  relationship: 'relationship',
  channel: 'caseChannel',
  escalatedTo: 'escalatedTo',
  assessment: 'assessment',
  completion: 'completion',
  subsidyStatus: 'trainingSubsidyStatus',
  measure: 'measure',
  outcome: 'closeOutcome',
  transport: 'transport',
  dropReason: 'dropReason',
};

/** Bookkeeping every save changes: shown on a change it would only hide what the person changed. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'updated']);
/** The machinery's own keys (checksums, idempotency keys, workflow ids): nothing a person reads. */
const TECHNICAL = new Set([
  'sha256',
  'fileSha256',
  'sourceKey',
  'naturalKey',
  'businessKey',
  'key',
  'workflowId',
  'requestId',
  'sessionId',
  'token',
  'html',
  'raw',
]);

type Change = { field: string; before: string | null; after: string | null };

/** 操作记录: the admin reads the audit trail by record, person, action and day, newest first. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/audit')
export class AuditPages {
  constructor(
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly people: UserDirectory,
    private readonly views: ConsoleViews,
  ) {}

  @Get()
  @Roles('admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const one = (k: string) => (typeof raw[k] === 'string' ? raw[k].trim() : '');
    const filters = {
      entity: one('entity'),
      id: one('id'),
      user: one('user'),
      action: one('action'),
      from: one('from'),
      to: one('to'),
    };
    const managed = await this.users.list();
    const plain: Record<string, unknown> = { limit: PAGE_SIZE };
    for (const [k, v] of Object.entries(filters)) if (v) plain[k] = v;
    const before = /^[1-9][0-9]{0,18}$/.test(one('before')) ? one('before') : '';
    if (before) plain.before = before;
    const { dto, errors } = await validateAs(AuditQuery, plain);
    // Only the kinds, actions and people the drop-downs offer: anything else is a field error, not a query.
    if (filters.entity && !LABELS.auditEntity[filters.entity]) errors.entity = '请选择记录类型';
    if (filters.action && !LABELS.auditAction[filters.action]) errors.action = '请选择操作';
    if (filters.user && !errors.user && !managed.some((u) => String(u.id) === filters.user))
      errors.user = '请选择操作人';
    if (filters.id && !filters.entity && !errors.entity) errors.entity = '请选择记录类型';
    if (filters.from && filters.to && !errors.from && !errors.to && filters.to < filters.from)
      errors.to = '结束日期不能早于开始日期';
    const bad = Object.keys(errors).length > 0;
    const page = bad ? { items: [], next: null } : await this.audit.list(dto);
    const entries = await this.entries(page.items, new Set(managed.map((u) => String(u.id))));
    const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    const firstHref = `/console/audit?${qs}`;
    if (page.next) qs.set('before', page.next);
    res.type('html').send(
      this.views.render('audit', '操作记录', pageContext(req, res), {
        filters,
        errors: errors as Errors,
        bad,
        entities: Object.entries(LABELS.auditEntity).map(([value, text]) => ({ value, text })),
        actions: Object.entries(LABELS.auditAction).map(([value, text]) => ({ value, text })),
        users: managed.map((u) => ({ value: String(u.id), text: `${u.displayName}（${u.officeName}）` })),
        entries,
        first: !before,
        firstHref,
        next: page.next ? `/console/audit?${qs}` : null,
      }),
    );
  }

  /** Each line as people read it: names for ids and logins, Chinese for codes, only what changed. */
  private async entries(items: AuditEntry[], managedUsers: Set<string>) {
    const logins = new Set<string>();
    for (const a of items)
      for (const side of [a.before, a.after])
        for (const v of Object.values(side ?? {}))
          if (typeof v === 'string' && /^[A-Za-z0-9_.:@-]{2,64}$/.test(v)) logins.add(v);
    const people = await this.people.people(
      logins,
      items.map((a) => a.actorId),
    );
    return items.map((a) => {
      const reachable = !LINKED_ONLY_WHEN_MANAGED.has(a.entity) || managedUsers.has(a.entityId);
      const path = reachable ? RECORD_PAGES[a.entity] : undefined;
      return {
        id: a.id,
        at: a.at,
        who: people.actor(a.actorId),
        action: LABELS.auditAction[a.action] ?? '其他操作',
        sensitive: a.action.startsWith('read_'),
        kind: LABELS.auditEntity[a.entity] ?? '其他记录',
        number: a.entityId,
        href: path && /^\d+$/.test(a.entityId) ? `${path}${a.entityId}` : null,
        changes: diff(a, (v) => people.name(v) ?? v),
      };
    });
  }
}

/** The fields whose value differs between before and after, each in words. */
function diff(a: AuditEntry, person: (login: string) => string): Change[] {
  const before = (a.before ?? {}) as Record<string, unknown>;
  const after = (a.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const out: Change[] = [];
  for (const k of keys) {
    if (TECHNICAL.has(k)) continue;
    const b = k in before ? before[k] : undefined;
    const n = k in after ? after[k] : undefined;
    if (a.before && a.after && (BOOKKEEPING.has(k) || JSON.stringify(b) === JSON.stringify(n))) continue;
    const show = (v: unknown) => (v === undefined ? null : words(a.entity, k, v, person));
    out.push({ field: nameOf(a.entity, k), before: show(b), after: show(n) });
  }
  return out;
}

function nameOf(entity: string, key: string): string {
  return recordFieldName(FORM_OF[entity], key) ?? '其他信息';
}

function words(entity: string, key: string, v: unknown, person: (login: string) => string): string {
  if (v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.map((x) => words(entity, key, x, person)).join('、') : '—';
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !TECHNICAL.has(k))
      .map(([k, x]) => `${nameOf(entity, k)}：${words(entity, k, x, person)}`)
      .join('；');
  if (typeof v === 'number') return key.endsWith('Fen') ? `¥${(v / 100).toFixed(2)}` : String(v);
  const s = String(v);
  if (key === 'fields') return recordFieldName(FORM_OF[entity], s) ?? '其他信息';
  const group = key === 'status' ? STATUS_OF[entity] : CODE_OF[key];
  const labelled = (group && LABELS[group]?.[s]) ?? LABELS.auditEntity[s];
  if (labelled) return labelled;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s))) return shanghaiDateTimeOf(new Date(s));
  // A code with no label anywhere is not shown as the code: people read 其他.
  if (/^[a-z][a-z0-9_]*$/.test(s)) return anyLabel(s) ?? (person(s) !== s ? person(s) : '其他');
  // A file's type (image/png): its format, as people name it.
  const mime = /^[a-z]+\/([a-z0-9.+-]+)$/.exec(s);
  if (mime) return `${mime[1].toUpperCase()} 文件`;
  // A login is shown as the person's name; any other machine word (a key, a checksum) as 其他, never as it is.
  if (/^[A-Za-z0-9_.:@-]+$/.test(s) && /[a-z]{2}/.test(s)) return person(s) !== s ? person(s) : '其他';
  return person(s);
}

/** A code no column-specific group names: a task's kind, a document's type, any label group that knows it. */
function anyLabel(code: string): string | undefined {
  const task = (TASK_KINDS as Record<string, { label: string }>)[code];
  if (task) return task.label;
  const doc = (DOCUMENT_TYPES as Record<string, { title: string }>)[code];
  if (doc) return doc.title;
  for (const group of Object.values(LABELS)) if (group[code]) return group[code];
  return undefined;
}
