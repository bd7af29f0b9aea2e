import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { shanghaiToday } from '../common/dates.js';
import { TASK_SUBJECT_LABELS, type TaskSubject } from './task-kinds.js';
import type { TasksService } from './tasks.service.js';

/**
 * How long an activity goes on retrying a record it cannot see. A process starts once its record
 * is committed, so "not found" is a moment's race at most; hours of it mean the record is gone.
 */
export const MISSING_RECORD_BOUND_MS = 6 * 3_600_000;

/**
 * The failure an activity throws when its record is not there. Within the bound it is the usual
 * retryable "not found (yet)"; past it, admin gets one task naming the process, the run is told
 * to stop retrying (a failure of type RECORD_MISSING the process does not retry), and its state
 * in the Temporal UI says why.
 */
export async function missingRecord(
  tasks: TasksService,
  db: DataSource,
  missing: { type: string; message: string; subject: TaskSubject },
): Promise<ApplicationFailure> {
  let info: ReturnType<typeof Context.current>['info'] | undefined;
  try {
    info = Context.current().info;
  } catch {
    // Not inside an activity (a direct call from a service): nothing to bound.
  }
  if (!info || Date.now() - info.scheduledTimestampMs < MISSING_RECORD_BOUND_MS)
    return ApplicationFailure.retryable(missing.message, missing.type);
  const what = TASK_SUBJECT_LABELS[missing.subject.type];
  const processId = info.workflowExecution?.workflowId ?? info.activityId;
  await db.transaction(async (m) => {
    // The record is gone, so is its county: the task goes to the installation's top office.
    const [top] = await m.query(`SELECT id FROM offices WHERE "parentId" IS NULL ORDER BY id LIMIT 1`);
    await tasks.create(
      {
        kind: 'record_missing',
        title: `流程要办理的${what}长时间查无记录，流程已停止，请核查`,
        body:
          `该流程等待这条${what}超过6小时仍未查到，已停止重试。请核实记录是否被删除或登记有误；` +
          `在 Temporal 界面可按流程编号 ${processId} 查看该流程。`,
        role: 'admin',
        subject: missing.subject,
        dueDate: shanghaiToday(),
        key: `missing-${processId}-${info.activityType}`,
        township: null,
        countyId: top?.id ?? null,
      },
      m,
    );
  });
  return ApplicationFailure.nonRetryable(`${missing.message}: given up after 6 hours`, 'RECORD_MISSING');
}
