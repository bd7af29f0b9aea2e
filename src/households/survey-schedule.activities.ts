import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asScheduleActor, SCHEDULE_ACTOR } from '../common/request-context.js';
import { DomainError } from '../common/errors.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import { SurveyRound } from './household.entity.js';
import { SurveyRoundsService } from './survey-rounds.service.js';

const halfYearText = (period: string) => `${period.slice(0, 4)}年${period.endsWith('1') ? '上' : '下'}半年`;

/**
 * The half-yearly survey round the schedule opens on 1 January and 1 July: opened through the same
 * service as by hand (audited as the schedule), once per half-year, and one visiting task per township.
 */
@Injectable()
@Activities()
export class SurveyScheduleActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rounds: SurveyRoundsService,
    private readonly tasks: TasksService,
  ) {}

  /** The half-year's round: opened now, or the one already open (by hand, or by an earlier try). */
  async openScheduledRound(input: { period: string }): Promise<{ roundId: number; opened: boolean }> {
    const existing = await this.db.getRepository(SurveyRound).findOneBy({ period: input.period });
    if (existing) return { roundId: existing.id, opened: false };
    try {
      const r = await asScheduleActor(`survey-${input.period}`, () =>
        this.rounds.open({ period: input.period }, SCHEDULE_ACTOR),
      );
      return { roundId: r.id, opened: true };
    } catch (e) {
      // Opened meanwhile (two runs at once, or staff on the page): that round is the one.
      const again = await this.db.getRepository(SurveyRound).findOneBy({ period: input.period });
      if (again && e instanceof DomainError) return { roundId: again.id, opened: false };
      throw e;
    }
  }

  /** One task per township to visit its households this round (per round and township: a retry raises none). */
  async raiseTownshipVisitTasks(input: {
    roundId: number;
    period: string;
  }): Promise<{ townships: number; raised: number }> {
    const round = await this.db.getRepository(SurveyRound).findOneByOrFail({ id: input.roundId });
    const townships: { id: number; name: string }[] = await this.db.query(`SELECT id, name FROM townships ORDER BY id`);
    let raised = 0;
    await asScheduleActor(`survey-${input.period}`, () =>
      this.db.transaction(async (m) => {
        for (const t of townships) {
          const created = await this.tasks.create(
            {
              kind: 'survey_round_visits',
              title: `${halfYearText(round.period)}摸底调查：走访${t.name}全部家庭户`,
              role: 'caseworker',
              township: t.name,
              subject: { type: 'survey_round', id: round.id },
              dueDate: round.endsOn,
              key: `survey-${round.period}-township-${t.id}`,
            },
            m,
          );
          if (created) raised++;
        }
      }),
    );
    return { townships: townships.length, raised };
  }
}
