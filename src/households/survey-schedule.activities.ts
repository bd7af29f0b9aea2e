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

/** One county's round of the half-year. */
export interface CountyRound {
  countyId: number;
  roundId: number;
  opened: boolean;
}

/**
 * The half-yearly survey round the schedule opens on 1 January and 1 July: in every county (each
 * has its own rounds), through the same service as by hand and audited as the schedule, once per
 * county and half-year; then one visiting task per township of that county.
 */
@Injectable()
@Activities()
export class SurveyScheduleActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rounds: SurveyRoundsService,
    private readonly tasks: TasksService,
  ) {}

  async #counties(): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(`SELECT id FROM offices WHERE kind = 'county' ORDER BY id`);
    return rows.map((r) => r.id);
  }

  /** Each county's round: opened now, or the one already open (by hand, or by an earlier try). */
  async openScheduledRound(input: { period: string }): Promise<{ rounds: CountyRound[] }> {
    const rounds: CountyRound[] = [];
    for (const countyId of await this.#counties())
      rounds.push(await asScheduleActor(`survey-${input.period}`, () => this.#open(countyId, input.period), countyId));
    return { rounds };
  }

  async #open(countyId: number, period: string): Promise<CountyRound> {
    const existing = await this.db.getRepository(SurveyRound).findOneBy({ period });
    if (existing) return { countyId, roundId: existing.id, opened: false };
    try {
      const r = await this.rounds.open({ period }, SCHEDULE_ACTOR);
      return { countyId, roundId: r.id, opened: true };
    } catch (e) {
      // Opened meanwhile (two runs at once, or staff on the page): that round is the one.
      const again = await this.db.getRepository(SurveyRound).findOneBy({ period });
      if (again && e instanceof DomainError) return { countyId, roundId: again.id, opened: false };
      throw e;
    }
  }

  /** One task per township to visit its households this round (per round and township: a retry raises none). */
  async raiseTownshipVisitTasks(input: { period: string }): Promise<{ townships: number; raised: number }> {
    let townships = 0;
    let raised = 0;
    for (const countyId of await this.#counties())
      await asScheduleActor(
        `survey-${input.period}`,
        () =>
          this.db.transaction(async (m) => {
            const round = await m.findOneBy(SurveyRound, { period: input.period });
            if (!round) return;
            const towns: { id: number; name: string }[] = await m.query(
              `SELECT id, name FROM townships WHERE "countyId" = $1 ORDER BY id`,
              [countyId],
            );
            townships += towns.length;
            for (const t of towns) {
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
        countyId,
      );
    return { townships, raised };
  }
}
