import { Injectable, Logger } from '@nestjs/common';
import {
  type CalendarSpec,
  ScheduleAlreadyRunning,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { TemporalService } from './temporal.service.js';

/** Schedules fire on Beijing time: 1 January is 1 January in Shanghai, not in UTC. */
export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

/** One periodic job: its readable id (what the Temporal UI lists), when it runs, what it starts. */
export interface ScheduleDefinition {
  id: string;
  /** Shown as the schedule's memo in the UI. */
  note: string;
  calendars: CalendarSpec[];
  workflowType: string;
  /**
   * How late a run may still start after Temporal itself was down at its time. A job keyed by its
   * period does no harm late, so the half-yearly and monthly ones catch up within a week; a daily one
   * only within the day (the next day's run does the same work).
   */
  catchupWindow: string;
}

export const SCHEDULES: readonly ScheduleDefinition[] = [
  {
    id: 'survey-round-open',
    note: '1月1日、7月1日 0:10 开始本半年摸底调查，并给每个乡镇派走访待办',
    calendars: [{ month: ['JANUARY', 'JULY'], dayOfMonth: 1, hour: 0, minute: 10, comment: '半年摸底调查' }],
    workflowType: 'openSurveyRound',
    catchupWindow: '7 days',
  },
  {
    id: 'monthly-report-task',
    note: '每月1日 0:20 统计上月数据，派签发上月劳务输出进展情况汇报的待办',
    calendars: [{ dayOfMonth: 1, hour: 0, minute: 20, comment: '月度进展汇报' }],
    workflowType: 'monthlyReportTask',
    catchupWindow: '7 days',
  },
  {
    id: 'calendar-coverage-check',
    note: '每天 1:00 检查节假日安排是否已导入（11月1日起检查下一年）',
    calendars: [{ hour: 1, minute: 0, comment: '节假日安排检查' }],
    workflowType: 'calendarCoverageCheck',
    catchupWindow: '1 day',
  },
  {
    id: 'purge-expired-sessions',
    note: '每天 3:00 清理过期登录会话和已用过期的表单令牌',
    calendars: [{ hour: 3, minute: 0, comment: '清理会话' }],
    workflowType: 'purgeExpiredSessions',
    catchupWindow: '1 day',
  },
];

/**
 * Creates the periodic jobs' Temporal Schedules when the worker starts: each is created if missing,
 * otherwise its spec, action and policies are replaced by the deployed ones (its pause state and
 * history are kept), so a deploy can move a job and no start ever makes a second one.
 */
@Injectable()
export class Schedules {
  private readonly log = new Logger('Schedules');

  constructor(private readonly temporal: TemporalService) {}

  options(d: ScheduleDefinition): ScheduleOptions {
    return {
      scheduleId: d.id,
      spec: { calendars: d.calendars, timezone: SCHEDULE_TIMEZONE },
      action: {
        type: 'startWorkflow',
        workflowType: d.workflowType,
        // Temporal adds the run's time to it: scheduled-monthly-report-task-2026-12-01T…
        workflowId: `scheduled-${d.id}`,
        taskQueue: this.temporal.taskQueue,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: d.catchupWindow },
      memo: { note: d.note },
    };
  }

  async ensure(): Promise<{ created: string[]; updated: string[] }> {
    const client = await this.temporal.client();
    const created: string[] = [];
    const updated: string[] = [];
    for (const d of SCHEDULES) {
      const opts = this.options(d);
      try {
        await client.schedule.create(opts);
        created.push(d.id);
      } catch (e) {
        if (!(e instanceof ScheduleAlreadyRunning)) throw e;
        const { spec, action, policies } = opts;
        await client.schedule.getHandle(d.id).update((prev) => ({ ...prev, spec, action, policies }));
        updated.push(d.id);
      }
    }
    this.log.log(
      `schedules (${SCHEDULE_TIMEZONE}): ${[...created.map((x) => `${x} created`), ...updated.map((x) => `${x} up to date`)].join(', ')}`,
    );
    return { created, updated };
  }
}
