import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import { shanghaiToday } from '../common/dates.js';
import { refused } from '../common/errors.js';
import { HouseholdRefusals } from '../../workflows/refusals.js';
import { HouseholdErrors } from './households.errors.js';
import { householdSupport, Processes } from '../temporal/processes.js';
import { HouseholdSupportState, recordHouseholdVisitUpdate } from '../../workflows/definitions.js';
import { Household, HouseholdEpisode } from './household.entity.js';
import type { RecordVisitDto } from './households.dto.js';

/** 回访: the follow-up visits of a zero-employment household's open episode. */
@Injectable()
export class HouseholdVisitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly processes: Processes,
  ) {}

  /** Households whose next follow-up visit falls by `by` (default a week ahead), for a caseworker's day. */
  async visitsDue(actor: Actor) {
    const until = shanghaiToday();
    return this.db.query(
      `SELECT h.id, h.address, h.township, h."responsibleName", ep.episode, ep."foundOn"::text AS "foundOn", ep."nextVisitDue"::text AS "nextVisitDue"
         FROM households h JOIN household_episodes ep ON ep."householdId" = h.id AND ep."clearedOn" IS NULL
        WHERE ep."nextVisitDue" <= ($1::date + 7) AND ($2::int IS NULL OR h."responsibleUserId" = $2) ORDER BY ep."nextVisitDue", h.id`,
      [until, actor.role === 'caseworker' ? actor.userId : null],
    );
  }

  /** 回访: recorded through the episode's process (which refuses a cleared household). */
  async recordVisit(id: number, dto: RecordVisitDto, actor: Actor): Promise<HouseholdSupportState> {
    const h = await this.db.getRepository(Household).findOneBy({ id });
    if (!h) throw HouseholdErrors.NOT_FOUND();
    const ep = await this.db.getRepository(HouseholdEpisode).findOneBy({ householdId: id, episode: h.episode });
    if (!ep || ep.clearedOn) throw HouseholdErrors.NOT_ZERO_EMPLOYMENT();
    if (dto.visitedOn > shanghaiToday()) throw refused(HouseholdRefusals.VISIT_IN_FUTURE());
    if (dto.visitedOn < ep.foundOn) throw refused(HouseholdRefusals.VISIT_BEFORE_FOUND({ foundOn: ep.foundOn }));
    return this.processes.update(
      householdSupport(id, ep.episode),
      recordHouseholdVisitUpdate,
      {
        visitedOn: dto.visitedOn,
        by: dto.visitedBy ?? actor.username,
        offered: [...new Set(dto.offered)],
        note: dto.note ?? '',
      },
      {
        refused: () => HouseholdErrors.PROCESS_REFUSED(),
        finished: () => HouseholdErrors.NO_PROCESS(),
      },
    );
  }
}
