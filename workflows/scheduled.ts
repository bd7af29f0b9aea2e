/**
 * The periodic jobs, each started by a Temporal Schedule (src/temporal/schedules.ts) on Asia/Shanghai
 * dates. Each is one pass of idempotent activities keyed by the day's period (half-year, month, year),
 * so a run the schedule retries, triggers by hand or catches up after an outage does its work once.
 * The date of the run is the workflow's own start time unless given (a test, a manual run).
 */
import { proxyActivities } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { SurveyScheduleActivities } from '../src/households/survey-schedule.activities.js';
import type { ReportScheduleActivities } from '../src/reports/report-schedule.activities.js';
import type { CalendarScheduleActivities } from '../src/calendar/calendar-schedule.activities.js';
import type { SessionPurgeActivities } from '../src/auth/session-purge.activities.js';
import { addMonths, shanghaiDate } from './calendar.js';
import { workflowNow } from './clock.js';
import type { ScheduledRunInput } from './definitions.js';

const survey = proxyActivities<SurveyScheduleActivities>(RECORD_ACTIVITY);
const reports = proxyActivities<ReportScheduleActivities>(RECORD_ACTIVITY);
const calendar = proxyActivities<CalendarScheduleActivities>(RECORD_ACTIVITY);
const sessions = proxyActivities<SessionPurgeActivities>(RECORD_ACTIVITY);

const runDate = (input?: ScheduledRunInput) => input?.on ?? shanghaiDate(workflowNow());

/** 1 January and 1 July: opens each county's round of the half-year and gives every township its visiting task. */
export async function openSurveyRound(input?: ScheduledRunInput) {
  const on = runDate(input);
  const period = `${on.slice(0, 4)}H${on.slice(5, 7) < '07' ? 1 : 2}`;
  const { rounds } = await survey.openScheduledRound({ period });
  const tasks = await survey.raiseTownshipVisitTasks({ period });
  return { period, rounds, ...tasks };
}

/** The 1st of each month: last month's figures, and each county a task to issue its progress report. */
export async function monthlyReportTask(input?: ScheduledRunInput) {
  const month = addMonths(runDate(input), -1).slice(0, 7);
  return { month, ...(await reports.raiseMonthlyReportTask({ month })) };
}

/** Daily: the calendar coverage check (from 1 November it asks for next year's holidays). */
export async function calendarCoverageCheck(input?: ScheduledRunInput) {
  const on = runDate(input);
  return { on, ...(await calendar.checkCalendarCoverage({ on })) };
}

/** Daily: removes ended sessions and spent console form tokens. */
export async function purgeExpiredSessions() {
  return sessions.removeEndedSessions();
}
