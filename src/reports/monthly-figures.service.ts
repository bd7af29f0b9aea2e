import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { onOneConnection, type Queryable } from '../common/one-connection.js';
import { currentReach, requestContext } from '../common/request-context.js';
import { TownshipErrors } from '../registry/registry.errors.js';
import { shanghaiToday } from '../common/dates.js';
import { type HouseholdFigures, HouseholdFiguresService } from '../households/household-figures.service.js';
import { monthBounds, monthsEndingWith, parseMonth } from './month.js';
import type { ReportMonth } from './month.js';

/** Count and fen total. */
export interface Amount {
  count: number;
  amountFen: number;
}
export interface ClaimAmounts {
  training: Amount;
  referral: Amount;
  total: Amount;
}

/** organised: the placement's own flag (有组织输出); viaBroker: referred by a broker (职业介绍人), whatever the flag. */
export interface PlacementPeriod {
  total: number;
  organised: number;
  viaBroker: number;
}
export interface TrainingPeriod {
  trained: number;
  notCompleted: number;
  placedAfterTraining: number;
  placementRate: number | null;
}
export interface ContractPeriod {
  due: number;
  signedInTime: number;
  signedLate: number;
  overdueUnsigned: number;
  pending: number;
  inTimeRate: number | null;
}
export interface ClaimPeriod {
  approved: ClaimAmounts;
  paid: ClaimAmounts;
}
/**
 * Where the claims stand in payment through the bank as of the report's day, with fen totals:
 * approved and waiting for a batch, in a batch (of them: during its notice, 公示), held by an open
 * objection, paid, failed and
 * waiting for the account to be corrected, and re-sent (in more than one bank file, any state).
 */
export interface PaymentStanding {
  approved: Amount;
  inNotice: Amount;
  held: Amount;
  inBatch: Amount;
  paid: Amount;
  failed: Amount;
  resent: Amount;
}
/** A funding line (就业补助资金) of the report's year: budget, used (lines waiting, sent or paid) and left. */
export interface FundingStanding {
  id: number;
  name: string;
  budgetFen: number;
  usedFen: number;
  remainingFen: number;
}
export interface CasePeriod {
  opened: number;
  closed: number;
  closureRate: number | null;
}

/**
 * 就业服务 of a period: orders taken (用工登记) and the jobs they offer (岗位数, their headcount),
 * seekers registered (求职登记), employers' acceptances (达成用工意向), the placements that came
 * through a match against those registered directly, and the priority groups' share of placements.
 */
export interface JobsPeriod {
  ordersTaken: number;
  jobsOffered: number;
  seekersRegistered: number;
  proposals: number;
  intents: number;
  placementsViaMatch: number;
  placementsDirect: number;
  priorityPlacements: number;
  /** priorityPlacements / all placements, percent with one decimal. */
  priorityShare: number | null;
}

/** Placements registered from departure batches' arrivals (有组织输出 by batch), in a period. */
export interface DeparturesPeriod {
  /** Batches that left in the period. */
  batchesDeparted: number;
  /** Their members who left. */
  membersDeparted: number;
  /** Placements registered from a batch's arrival, by their start date (the arrival day). */
  placements: number;
}
export interface DepartureRow {
  month: number;
  yearToDate: number;
}

/** 跟踪服务 of a period: planned check-ins that fell due and those done, problems found, cases opened. */
export interface FollowUpPeriod {
  /** Planned check-ins whose due day is in the period and has come (cancelled ones left out). */
  due: number;
  /** Of those, recorded (on time or late). */
  done: number;
  /** done / due, percent with one decimal. */
  coverage: number | null;
  /** Check-ins outside the plan recorded in the period. */
  extra: number;
  /** Check-ins recorded in the period that found a problem, and the problems they found. */
  withProblems: number;
  problemsFound: number;
  /** Rights cases opened in the period from a check-in (channel 跟踪回访). */
  casesOpened: number;
}

export interface TownshipFigures {
  id: number;
  name: string;
  /** Township names repeat across counties: the county says which. */
  countyId: number;
  countyName: string;
  target: number;
  placementsMonth: number;
  organisedMonth: number;
  placementsYearToDate: number;
  organisedYearToDate: number;
  /** placementsYearToDate / target, percent with one decimal; null without a target. */
  completionRate: number | null;
  trainedYearToDate: number;
  casesOpenedMonth: number;
}

export interface SeriesPoint {
  month: string;
  placements: number;
  organised: number;
  claimsPaidCount: number;
  claimsPaidFen: number;
}

/** What GET /reports/monthly returns and the console renders. Rates are percents with one decimal, null when there is nothing to divide by. */
export interface MonthlyFigures {
  month: string;
  period: { from: string; to: string; yearFrom: string };
  /** The day the figures were computed (Asia/Shanghai); for the current month they are partial. */
  asOf: string;
  partial: boolean;
  township: { id: number; name: string } | null;
  /** The county whose figures these are; null for a city user's total over its counties. */
  county: { id: number; name: string } | null;
  placements: {
    month: PlacementPeriod;
    yearToDate: PlacementPeriod;
    /** The township's yearly target, or the sum over all townships. */
    target: number;
    completionRate: number | null;
    /** How much of the year has passed at the end of the month (11/12 → 91.7), to read the completion rate against. */
    yearElapsedRate: number;
  };
  training: { month: TrainingPeriod; yearToDate: TrainingPeriod };
  contracts: { month: ContractPeriod; yearToDate: ContractPeriod };
  claims: {
    month: ClaimPeriod;
    yearToDate: ClaimPeriod;
    awaitingApproval: Amount;
    payment: PaymentStanding;
    funding: FundingStanding[];
  };
  cases: { month: CasePeriod; yearToDate: CasePeriod; openNow: number; closureRateTarget: number };
  jobs: { month: JobsPeriod; yearToDate: JobsPeriod };
  /** 输出批次: organised placements by batch, destination and the members' township. */
  departures: {
    month: DeparturesPeriod;
    yearToDate: DeparturesPeriod;
    byBatch: (DepartureRow & { id: number; name: string; destination: string })[];
    byDestination: (DepartureRow & { destination: string })[];
    /** Township names repeat across counties: the county says which. */
    byTownship: (DepartureRow & { township: string; countyId: number; countyName: string })[];
  };
  followUp: { month: FollowUpPeriod; yearToDate: FollowUpPeriod };
  townships: TownshipFigures[];
  /** The 12 months ending with `month`, oldest first, for the charts. */
  series: SeriesPoint[];
  /** Filled by the households context when it is present; null otherwise. */
  households: HouseholdFigures | null;
  /**
   * For a city user (without a township chosen): each county's own figures side by side, by
   * name; the figures above are then the city's total, the sums over these counties. Null otherwise.
   */
  counties: CountyFigures[] | null;
}

export type CountyFigures = Omit<MonthlyFigures, 'counties' | 'county'> & { county: { id: number; name: string } };

/** Which records a figure counts: one county's, one township's of a county, or all those reached. */
interface Scope {
  county: number | null;
  township: string | null;
}

/**
 * The condition of a {@link Scope} on a table alias with a township and a county (workers,
 * claims): its parameters are $at (the township name) and $at+1 (the county id).
 */
const inScope = (alias: string, at: number) =>
  `($${at}::text IS NULL OR ${alias}.township = $${at}) AND ($${at + 1}::int IS NULL OR ${alias}."countyId" = $${at + 1})`;

/** Sets of figures kept (a few kilobytes each). */
const FIGURES_KEPT = 200;

const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null);
const n = (v: unknown): number => Number(v ?? 0);

/**
 * The overview figures of a month, as the seeds report them (seed 001: 劳务输出 person-times,
 * organised share, against the yearly target; trained, placed after training; plus contracts,
 * subsidies and rights cases), straight from the database with SQL aggregates.
 *
 * Definitions (all Asia/Shanghai calendar dates):
 * - placement (输出, 人次): a placement whose employment start date is in the period; organised
 *   (有组织输出) = the placement's `organised` flag, set when it is registered (organised by the bureau
 *   rather than found by the worker); viaBroker = placements naming a broker, counted apart (the
 *   flag is what the caseworker recorded; nothing else in the data says "organised").
 * - trained: an enrolment completed (attendance and assessment passed) on a course ending in the
 *   period; placed after training: that worker has a placement starting on or after the course
 *   start date and before the end of the period.
 * - contracts: placements starting in the period (ended-before-deadline without a contract left out);
 *   signed in time = signed on or before the placement's deadline; late = signed after it;
 *   overdue unsigned = no contract and the deadline has passed; pending = no contract yet, deadline
 *   not passed. In-time rate = in time / (in time + late + overdue unsigned).
 * - claims: approved = decided for approval (status approved or paid) in the period; paid = payout
 *   date in the period; by kind; fen.
 * - cases: opened / closed in the period; closure rate = closed / opened (as GET /cases/summary).
 */
@Injectable()
export class MonthlyFiguresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly households: HouseholdFiguresService,
  ) {}

  /**
   * Figures already computed, by what they depend on (see {@link figures}); the oldest go first.
   * A promise, so that users asking for the same figures together share one computation.
   */
  private readonly computed = new Map<string, Promise<MonthlyFigures>>();

  /**
   * month 'YYYY-MM' (validated: 400 on a bad or future month); township: a township id, or all
   * townships. Counts only what the user reaches: a county user their county; a city user
   * every county under the city, with each county's figures beside the total.
   *
   * On a county's three years the aggregates take seconds, and the overview asks for the same
   * figures on every visit: they are computed once for what they depend on — the month, the
   * township, the reach, the day, and the database's snapshot (`pg_current_snapshot()`: the
   * transactions committed, so any write since, anywhere, computes them anew). Never stale.
   */
  async figures(month: string, township?: number): Promise<MonthlyFigures> {
    const m = parseMonth(month);
    const [{ snapshot }] = await this.db.query(`SELECT pg_current_snapshot()::text AS snapshot`);
    const office = requestContext.get()?.actor?.office;
    const key = JSON.stringify([m.month, township ?? null, currentReach(), office?.kind, shanghaiToday(), snapshot]);
    let figures = this.computed.get(key);
    if (!figures) {
      figures = this.compute(m, township);
      this.computed.set(key, figures);
      figures.catch(() => this.computed.delete(key));
      for (const old of this.computed.keys()) {
        if (this.computed.size <= FIGURES_KEPT) break;
        this.computed.delete(old);
      }
    }
    // Each caller its own copy: the pages add to what they are given.
    return structuredClone(await figures);
  }

  private compute(m: ReportMonth, township?: number): Promise<MonthlyFigures> {
    // A dozen aggregates per county: on one connection, so that users asking for figures
    // together cannot take the whole pool from everyone else.
    return onOneConnection(this.db, async (q) => {
      const town = township === undefined ? null : await this.township(q, township);
      const office = requestContext.get()?.actor?.office;
      const cityWide = office?.kind === 'city' && !town;
      const total = await this.scoped(q, m, town, cityWide ? null : (town?.countyId ?? null));
      if (!cityWide) {
        const own = town?.countyId ?? currentReach().county;
        const [county] = own === null ? [] : await this.counties(q, [own]);
        return { ...total, county: county ?? null, counties: null };
      }
      const counties: CountyFigures[] = [];
      for (const county of await this.counties(q, currentReach().counties))
        counties.push({ ...(await this.scoped(q, m, null, county.id)), county });
      return { ...total, county: null, counties };
    });
  }

  /** The counties (id, name) named, or every one ('*'), in the order they were set up. */
  private async counties(q: Queryable, ids: readonly number[] | '*'): Promise<{ id: number; name: string }[]> {
    return q.query(
      `SELECT id, name FROM offices WHERE kind = 'county' AND ($1::int[] IS NULL OR id = ANY($1)) ORDER BY id`,
      [ids === '*' ? null : ids],
    );
  }

  private async scoped(
    q: Queryable,
    m: ReportMonth,
    town: { id: number; name: string; countyId: number } | null,
    countyId: number | null,
  ): Promise<Omit<MonthlyFigures, 'county' | 'counties'>> {
    const scope: Scope = { county: countyId, township: town?.name ?? null };
    const today = shanghaiToday();
    const [
      placements,
      training,
      contracts,
      claims,
      awaiting,
      cases,
      townships,
      series,
      target,
      households,
      jobs,
      departures,
      followUp,
      payment,
      funding,
    ] = await Promise.all([
      this.placements(q, m, scope),
      this.training(q, m, scope),
      this.contracts(q, m, scope, today),
      this.claims(q, m, scope),
      this.awaiting(q, scope),
      this.cases(q, m, scope),
      this.townships(q, m, town?.id ?? null, countyId),
      this.series(q, m, scope),
      this.target(q, town?.id ?? null, countyId),
      this.households.figures(m, { countyId: scope.county, township: scope.township }, q),
      this.jobs(q, m, scope),
      this.departures(q, m, scope),
      this.followUp(q, m, scope, today),
      this.payment(q, scope, today),
      this.funding(q, m, scope),
    ]);
    return {
      month: m.month,
      period: { from: m.from, to: m.to, yearFrom: m.yearFrom },
      asOf: today,
      partial: today <= m.to,
      township: town && { id: town.id, name: town.name },
      placements: {
        ...placements,
        target,
        completionRate: rate(placements.yearToDate.total, target),
        yearElapsedRate: Math.round((m.monthNumber / 12) * 1000) / 10,
      },
      training,
      contracts,
      claims: { ...claims, awaitingApproval: awaiting, payment, funding },
      cases: { ...cases, closureRateTarget: 90 },
      jobs,
      departures,
      followUp,
      townships,
      series,
      households,
    };
  }

  private async township(q: Queryable, id: number): Promise<{ id: number; name: string; countyId: number }> {
    const [t] = await q.query('SELECT id, name, "countyId" FROM townships WHERE id = $1', [id]);
    if (!t) throw TownshipErrors.UNKNOWN();
    return t;
  }

  private async target(q: Queryable, townshipId: number | null, countyId: number | null): Promise<number> {
    const [r] = await q.query(
      `SELECT coalesce(sum("yearlyTarget"), 0)::int AS target FROM townships
        WHERE ($1::int IS NULL OR id = $1) AND ($2::int IS NULL OR "countyId" = $2)`,
      [townshipId, countyId],
    );
    return r.target;
  }

  /**
   * Orders by the day they were taken (a township's: those recruiting in it), seekers by the day
   * they registered, intents by the day the employer accepted (a proposal accepted and since
   * started still counts), placements by their start date as above; priority groups as the
   * placement recorded the worker's categories (零就业家庭, 4050, 下岗失业).
   */
  private async jobs(
    q: Queryable,
    m: ReportMonth,
    scope: Scope,
  ): Promise<{ month: JobsPeriod; yearToDate: JobsPeriod }> {
    const params = [m.from, m.toExclusive, m.yearFrom, scope.township, scope.county];
    const [[o], [sk], [pr], [pl]] = await Promise.all([
      q.query(
        `SELECT count(*) FILTER (WHERE d >= $1)::int AS "mOrders", coalesce(sum(o.headcount) FILTER (WHERE d >= $1), 0)::int AS "mJobs",
                count(*)::int AS "yOrders", coalesce(sum(o.headcount), 0)::int AS "yJobs"
           FROM job_orders o CROSS JOIN LATERAL (SELECT (o."createdAt" AT TIME ZONE 'Asia/Shanghai')::date AS d) x
          WHERE d >= $3 AND d < $2 AND ${inScope('o', 4)}`,
        params,
      ),
      q.query(
        `SELECT count(*) FILTER (WHERE s."registeredOn" >= $1)::int AS m, count(*)::int AS y
           FROM job_seekers s JOIN workers w ON w.id = s."workerId"
          WHERE s."registeredOn" >= $3 AND s."registeredOn" < $2 AND ${inScope('w', 4)}`,
        params,
      ),
      q.query(
        `SELECT count(*) FILTER (WHERE p."proposedOn" >= $1)::int AS "mProposed", count(*)::int AS "yProposed",
                count(*) FILTER (WHERE p."answeredOn" >= $1 AND p."answeredOn" < $2 AND p.status IN ('accepted', 'started'))::int AS "mIntents",
                count(*) FILTER (WHERE p."answeredOn" >= $3 AND p."answeredOn" < $2 AND p.status IN ('accepted', 'started'))::int AS "yIntents"
           FROM job_proposals p JOIN workers w ON w.id = p."workerId"
          WHERE (p."proposedOn" >= $3 AND p."proposedOn" < $2 OR p."answeredOn" >= $3 AND p."answeredOn" < $2) AND ${inScope('w', 4)}`,
        params,
      ),
      q.query(
        `SELECT count(*) FILTER (WHERE p."startDate" >= $1 AND p."jobOrderId" IS NOT NULL)::int AS "mMatch",
                count(*) FILTER (WHERE p."startDate" >= $1 AND p."jobOrderId" IS NULL)::int AS "mDirect",
                count(*) FILTER (WHERE p."startDate" >= $1 AND p."workerCategories" && $6::text[])::int AS "mPriority",
                count(*) FILTER (WHERE p."jobOrderId" IS NOT NULL)::int AS "yMatch",
                count(*) FILTER (WHERE p."jobOrderId" IS NULL)::int AS "yDirect",
                count(*) FILTER (WHERE p."workerCategories" && $6::text[])::int AS "yPriority"
           FROM placements p JOIN workers w ON w.id = p."workerId"
          WHERE p."startDate" >= $3 AND p."startDate" < $2 AND ${inScope('w', 4)}`,
        [...params, ['zero_employment_household', 'age_40_50', 'laid_off']],
      ),
    ]);
    const period = (k: 'm' | 'y'): JobsPeriod => {
      const match = n(pl[`${k}Match`]);
      const direct = n(pl[`${k}Direct`]);
      const priority = n(pl[`${k}Priority`]);
      return {
        ordersTaken: n(o[`${k}Orders`]),
        jobsOffered: n(o[`${k}Jobs`]),
        seekersRegistered: n(sk[k]),
        proposals: n(pr[`${k}Proposed`]),
        intents: n(pr[`${k}Intents`]),
        placementsViaMatch: match,
        placementsDirect: direct,
        priorityPlacements: priority,
        priorityShare: rate(priority, match + direct),
      };
    };
    return { month: period('m'), yearToDate: period('y') };
  }

  /**
   * Organised departures: batches by the day they left (a batch counts where any of its members
   * lives), their members who left, and the placements their arrivals registered by start date,
   * by batch, by the batch's destination and by the member's township.
   */
  private async departures(q: Queryable, m: ReportMonth, scope: Scope): Promise<MonthlyFigures['departures']> {
    const params = [m.from, m.toExclusive, m.yearFrom, scope.township, scope.county];
    const [[d], rows] = await Promise.all([
      q.query(
        `SELECT count(DISTINCT b.id) FILTER (WHERE b."departedOn" >= $1)::int AS "mBatches",
                count(*) FILTER (WHERE b."departedOn" >= $1)::int AS "mMembers",
                count(DISTINCT b.id)::int AS "yBatches", count(*)::int AS "yMembers"
           FROM departure_batches b JOIN departure_batch_members x ON x."batchId" = b.id JOIN workers w ON w.id = x."workerId"
          WHERE b."departedOn" >= $3 AND b."departedOn" < $2 AND x.status IN ('departed', 'arrived', 'not_arrived')
            AND ${inScope('w', 4)}`,
        params,
      ),
      q.query(
        `SELECT b.id, b.name, b.destination, w.township, w."countyId", o.name AS "countyName",
                count(*) FILTER (WHERE p."startDate" >= $1)::int AS m, count(*)::int AS y
           FROM placements p JOIN departure_batches b ON b.id = p."batchId" JOIN workers w ON w.id = p."workerId"
           JOIN offices o ON o.id = w."countyId"
          WHERE p."startDate" >= $3 AND p."startDate" < $2 AND ${inScope('w', 4)}
          GROUP BY 1, 2, 3, 4, 5, 6`,
        params,
      ) as Promise<
        {
          id: number;
          name: string;
          destination: string;
          township: string;
          countyId: number;
          countyName: string;
          m: number;
          y: number;
        }[]
      >,
    ]);
    const group = <K extends string>(key: (r: (typeof rows)[number]) => K) => {
      const out = new Map<K, DepartureRow>();
      for (const r of rows) {
        const g = out.get(key(r)) ?? { month: 0, yearToDate: 0 };
        g.month += r.m;
        g.yearToDate += r.y;
        out.set(key(r), g);
      }
      return [...out].sort((a, b) => b[1].yearToDate - a[1].yearToDate || String(a[0]).localeCompare(String(b[0])));
    };
    const batches = new Map(rows.map((r) => [String(r.id), r]));
    const towns = new Map(rows.map((r) => [JSON.stringify([r.countyId, r.township]), r]));
    const total = (k: 'm' | 'y') => rows.reduce((t, r) => t + r[k], 0);
    return {
      month: { batchesDeparted: n(d.mBatches), membersDeparted: n(d.mMembers), placements: total('m') },
      yearToDate: { batchesDeparted: n(d.yBatches), membersDeparted: n(d.yMembers), placements: total('y') },
      byBatch: group((r) => String(r.id)).map(([id, v]) => ({
        id: Number(id),
        name: batches.get(id)!.name,
        destination: batches.get(id)!.destination,
        ...v,
      })),
      byDestination: group((r) => r.destination).map(([destination, v]) => ({ destination, ...v })),
      // Township names repeat across counties (a city user's figures): the county is part of the key.
      byTownship: group((r) => JSON.stringify([r.countyId, r.township])).map(([key, v]) => {
        const r = towns.get(key)!;
        return { township: r.township, countyId: r.countyId, countyName: r.countyName, ...v };
      }),
    };
  }

  /**
   * Follow-up coverage: planned check-ins due in the period (and by today), how many were
   * recorded; check-ins recorded in the period that found problems; cases opened from them.
   */
  private async followUp(
    q: Queryable,
    m: ReportMonth,
    scope: Scope,
    today: string,
  ): Promise<{ month: FollowUpPeriod; yearToDate: FollowUpPeriod }> {
    const [[c], [cs]] = await Promise.all([
      q.query(
        `SELECT count(*) FILTER (WHERE c.seq IS NOT NULL AND c."dueOn" >= $1 AND c."dueOn" < $2 AND c."dueOn" <= $6)::int AS "mDue",
                count(*) FILTER (WHERE c.seq IS NOT NULL AND c."dueOn" >= $1 AND c."dueOn" < $2 AND c."dueOn" <= $6 AND c.status = 'done')::int AS "mDone",
                count(*) FILTER (WHERE c.seq IS NOT NULL AND c."dueOn" >= $3 AND c."dueOn" < $2 AND c."dueOn" <= $6)::int AS "yDue",
                count(*) FILTER (WHERE c.seq IS NOT NULL AND c."dueOn" >= $3 AND c."dueOn" < $2 AND c."dueOn" <= $6 AND c.status = 'done')::int AS "yDone",
                count(*) FILTER (WHERE c.seq IS NULL AND c."doneOn" >= $1 AND c."doneOn" < $2)::int AS "mExtra",
                count(*) FILTER (WHERE c.seq IS NULL AND c."doneOn" >= $3 AND c."doneOn" < $2)::int AS "yExtra",
                count(*) FILTER (WHERE c."doneOn" >= $1 AND c."doneOn" < $2 AND cardinality(c.problems) > 0)::int AS "mWith",
                count(*) FILTER (WHERE c."doneOn" >= $3 AND c."doneOn" < $2 AND cardinality(c.problems) > 0)::int AS "yWith",
                coalesce(sum(cardinality(c.problems)) FILTER (WHERE c."doneOn" >= $1 AND c."doneOn" < $2), 0)::int AS "mProblems",
                coalesce(sum(cardinality(c.problems)) FILTER (WHERE c."doneOn" >= $3 AND c."doneOn" < $2), 0)::int AS "yProblems"
           FROM follow_up_checkins c JOIN placements p ON p.id = c."placementId" JOIN workers w ON w.id = p."workerId"
          WHERE c.status <> 'cancelled' AND (c."dueOn" >= $3 AND c."dueOn" < $2 OR c."doneOn" >= $3 AND c."doneOn" < $2)
            AND ${inScope('w', 4)}`,
        [m.from, m.toExclusive, m.yearFrom, scope.township, scope.county, today],
      ),
      q.query(
        `SELECT count(*) FILTER (WHERE c."openedAt" >= $1)::int AS m, count(*)::int AS y
           FROM cases c JOIN workers w ON w.id = c."workerId"
          WHERE c.channel = 'follow_up' AND c."openedAt" >= $3 AND c."openedAt" < $2 AND ${inScope('w', 4)}`,
        [m.fromAt, m.toExclusiveAt, m.yearFromAt, scope.township, scope.county],
      ),
    ]);
    const period = (k: 'm' | 'y'): FollowUpPeriod => ({
      due: n(c[`${k}Due`]),
      done: n(c[`${k}Done`]),
      coverage: rate(n(c[`${k}Done`]), n(c[`${k}Due`])),
      extra: n(c[`${k}Extra`]),
      withProblems: n(c[`${k}With`]),
      problemsFound: n(c[`${k}Problems`]),
      casesOpened: n(cs[k]),
    });
    return { month: period('m'), yearToDate: period('y') };
  }

  private async placements(q: Queryable, m: ReportMonth, scope: Scope) {
    const [r] = await q.query(
      `SELECT count(*) FILTER (WHERE p."startDate" >= $1)::int AS "monthTotal",
              count(*) FILTER (WHERE p."startDate" >= $1 AND p.organised)::int AS "monthOrganised",
              count(*) FILTER (WHERE p."startDate" >= $1 AND p."brokerId" IS NOT NULL)::int AS "monthBroker",
              count(*)::int AS "ytdTotal",
              count(*) FILTER (WHERE p.organised)::int AS "ytdOrganised",
              count(*) FILTER (WHERE p."brokerId" IS NOT NULL)::int AS "ytdBroker"
         FROM placements p JOIN workers w ON w.id = p."workerId"
        WHERE p."startDate" >= $3 AND p."startDate" < $2 AND ${inScope('w', 4)}`,
      [m.from, m.toExclusive, m.yearFrom, scope.township, scope.county],
    );
    return {
      month: { total: r.monthTotal, organised: r.monthOrganised, viaBroker: r.monthBroker },
      yearToDate: { total: r.ytdTotal, organised: r.ytdOrganised, viaBroker: r.ytdBroker },
    };
  }

  private async training(
    q: Queryable,
    m: ReportMonth,
    scope: Scope,
  ): Promise<{ month: TrainingPeriod; yearToDate: TrainingPeriod }> {
    const [r] = await q.query(
      `SELECT count(*) FILTER (WHERE c."endDate" >= $1 AND e.completion = 'completed')::int AS "mTrained",
              count(*) FILTER (WHERE c."endDate" >= $1 AND e.completion = 'not_completed')::int AS "mNot",
              count(*) FILTER (WHERE c."endDate" >= $1 AND e.completion = 'completed' AND x.placed)::int AS "mPlaced",
              count(*) FILTER (WHERE e.completion = 'completed')::int AS "yTrained",
              count(*) FILTER (WHERE e.completion = 'not_completed')::int AS "yNot",
              count(*) FILTER (WHERE e.completion = 'completed' AND x.placed)::int AS "yPlaced"
         FROM enrollments e
         JOIN courses c ON c.id = e."courseId"
         JOIN workers w ON w.id = e."workerId"
         CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM placements p WHERE p."workerId" = e."workerId" AND p."startDate" >= c."startDate" AND p."startDate" < $2) AS placed) x
        WHERE c."endDate" >= $3 AND c."endDate" < $2 AND ${inScope('w', 4)}`,
      [m.from, m.toExclusive, m.yearFrom, scope.township, scope.county],
    );
    const period = (trained: number, notCompleted: number, placed: number): TrainingPeriod => ({
      trained,
      notCompleted,
      placedAfterTraining: placed,
      placementRate: rate(placed, trained),
    });
    return { month: period(r.mTrained, r.mNot, r.mPlaced), yearToDate: period(r.yTrained, r.yNot, r.yPlaced) };
  }

  private async contracts(
    q: Queryable,
    m: ReportMonth,
    scope: Scope,
    today: string,
  ): Promise<{ month: ContractPeriod; yearToDate: ContractPeriod }> {
    const rows: { inMonth: boolean; due: number; inTime: number; late: number; overdue: number; pending: number }[] =
      await q.query(
        `SELECT p."startDate" >= $1 AS "inMonth",
              count(*)::int AS due,
              count(*) FILTER (WHERE c."signedOn" <= p.deadline)::int AS "inTime",
              count(*) FILTER (WHERE c."signedOn" > p.deadline)::int AS late,
              count(*) FILTER (WHERE c.id IS NULL AND p.deadline < $4)::int AS overdue,
              count(*) FILTER (WHERE c.id IS NULL AND p.deadline >= $4)::int AS pending
         FROM placements p
         JOIN workers w ON w.id = p."workerId"
         LEFT JOIN contracts c ON c."placementId" = p.id
        WHERE p."startDate" >= $3 AND p."startDate" < $2 AND ${inScope('w', 5)}
          AND NOT (c.id IS NULL AND p."endDate" IS NOT NULL AND p."endDate" <= p.deadline)
        GROUP BY 1`,
        [m.from, m.toExclusive, m.yearFrom, today, scope.township, scope.county],
      );
    const sum = (pick: (r: (typeof rows)[number]) => boolean): ContractPeriod => {
      const t = { due: 0, signedInTime: 0, signedLate: 0, overdueUnsigned: 0, pending: 0 };
      for (const r of rows.filter(pick)) {
        t.due += r.due;
        t.signedInTime += r.inTime;
        t.signedLate += r.late;
        t.overdueUnsigned += r.overdue;
        t.pending += r.pending;
      }
      return { ...t, inTimeRate: rate(t.signedInTime, t.signedInTime + t.signedLate + t.overdueUnsigned) };
    };
    return { month: sum((r) => r.inMonth), yearToDate: sum(() => true) };
  }

  private async claims(
    q: Queryable,
    m: ReportMonth,
    scope: Scope,
  ): Promise<{ month: ClaimPeriod; yearToDate: ClaimPeriod }> {
    const approved: { kind: string; mCount: number; mFen: string; yCount: number; yFen: string }[] = await q.query(
      `SELECT c.kind,
              count(*) FILTER (WHERE c."decidedAt" >= $1)::int AS "mCount",
              coalesce(sum(c."amountFen") FILTER (WHERE c."decidedAt" >= $1), 0)::bigint AS "mFen",
              count(*)::int AS "yCount",
              coalesce(sum(c."amountFen"), 0)::bigint AS "yFen"
         FROM claims c
        WHERE c.status IN ('approved', 'in_batch', 'held', 'paid', 'payment_failed') AND c."decidedAt" >= $3 AND c."decidedAt" < $2 AND ${inScope('c', 4)}
        GROUP BY c.kind`,
      [m.fromAt, m.toExclusiveAt, m.yearFromAt, scope.township, scope.county],
    );
    const paid: typeof approved = await q.query(
      `SELECT c.kind,
              count(*) FILTER (WHERE p."paidOn" >= $1)::int AS "mCount",
              coalesce(sum(p."amountFen") FILTER (WHERE p."paidOn" >= $1), 0)::bigint AS "mFen",
              count(*)::int AS "yCount",
              coalesce(sum(p."amountFen"), 0)::bigint AS "yFen"
         FROM payouts p JOIN claims c ON c.id = p."claimId"
        WHERE p."paidOn" >= $3 AND p."paidOn" < $2 AND p."reversedOn" IS NULL AND ${inScope('c', 4)}
        GROUP BY c.kind`,
      [m.from, m.toExclusive, m.yearFrom, scope.township, scope.county],
    );
    const amounts = (rows: typeof approved, which: 'm' | 'y'): ClaimAmounts => {
      const of = (kind: string): Amount => {
        const r = rows.find((x) => x.kind === kind);
        return r ? { count: n(r[`${which}Count`]), amountFen: n(r[`${which}Fen`]) } : { count: 0, amountFen: 0 };
      };
      const training = of('training');
      const referral = of('referral');
      return {
        training,
        referral,
        total: { count: training.count + referral.count, amountFen: training.amountFen + referral.amountFen },
      };
    };
    return {
      month: { approved: amounts(approved, 'm'), paid: amounts(paid, 'm') },
      yearToDate: { approved: amounts(approved, 'y'), paid: amounts(paid, 'y') },
    };
  }

  private async payment(q: Queryable, scope: Scope, today: string): Promise<PaymentStanding> {
    // A claim in a batch is in its notice while its line waits and the notice has not ended.
    const inNotice = `c.status = 'in_batch' AND EXISTS (SELECT 1 FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId"
                        WHERE l."claimId" = c.id AND l.status = 'pending' AND b."noticeUntil" >= $3::date)`;
    const resent = `(SELECT count(*) FROM payout_lines l WHERE l."claimId" = c.id AND l.status <> 'dropped') > 1`;
    const of: Record<keyof PaymentStanding, string> = {
      approved: `c.status = 'approved'`,
      inNotice,
      held: `c.status = 'held'`,
      inBatch: `c.status = 'in_batch'`,
      paid: `c.status = 'paid'`,
      failed: `c.status = 'payment_failed'`,
      resent,
    };
    const [r] = await q.query(
      `SELECT ${Object.entries(of)
        .map(
          ([k, w]) =>
            `count(*) FILTER (WHERE ${w})::int AS "${k}Count", coalesce(sum(c."amountFen") FILTER (WHERE ${w}), 0)::bigint AS "${k}Fen"`,
        )
        .join(', ')}
         FROM claims c WHERE ${inScope('c', 1)}`,
      [scope.township, scope.county, today],
    );
    return Object.fromEntries(
      Object.keys(of).map((k) => [k, { count: n(r[`${k}Count`]), amountFen: n(r[`${k}Fen`]) }]),
    ) as unknown as PaymentStanding;
  }

  /** The funding lines of the report's year (a township's report shows its county's). */
  private async funding(q: Queryable, m: ReportMonth, scope: Scope): Promise<FundingStanding[]> {
    const rows: { id: number; name: string; budgetFen: string; usedFen: string }[] = await q.query(
      `SELECT f.id, f.name, f."budgetFen",
              coalesce((SELECT sum(l."amountFen") FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId"
                         WHERE b."fundingLineId" = f.id AND l.status IN ('pending', 'sent', 'paid')), 0)::bigint AS "usedFen"
         FROM funding_lines f WHERE f.year = $1 AND ($2::int IS NULL OR f."countyId" = $2) ORDER BY f.id`,
      [Number(m.yearFrom.slice(0, 4)), scope.county],
    );
    return rows.map((f) => ({
      id: f.id,
      name: f.name,
      budgetFen: n(f.budgetFen),
      usedFen: n(f.usedFen),
      remainingFen: n(f.budgetFen) - n(f.usedFen),
    }));
  }

  private async awaiting(q: Queryable, scope: Scope): Promise<Amount> {
    const [r] = await q.query(
      `SELECT count(*)::int AS count, coalesce(sum("amountFen"), 0)::bigint AS "amountFen" FROM claims c
        WHERE c.status IN ('awaiting_approval', 'returned') AND ${inScope('c', 1)}`,
      [scope.township, scope.county],
    );
    return { count: r.count, amountFen: n(r.amountFen) };
  }

  private async cases(q: Queryable, m: ReportMonth, scope: Scope) {
    const [r] = await q.query(
      `SELECT count(*) FILTER (WHERE c."openedAt" >= $1 AND c."openedAt" < $2)::int AS "mOpened",
              count(*) FILTER (WHERE c."closedAt" >= $1 AND c."closedAt" < $2)::int AS "mClosed",
              count(*) FILTER (WHERE c."openedAt" >= $3 AND c."openedAt" < $2)::int AS "yOpened",
              count(*) FILTER (WHERE c."closedAt" >= $3 AND c."closedAt" < $2)::int AS "yClosed",
              count(*) FILTER (WHERE c.status <> 'closed')::int AS "openNow"
         FROM cases c JOIN workers w ON w.id = c."workerId"
        WHERE ${inScope('w', 4)}`,
      [m.fromAt, m.toExclusiveAt, m.yearFromAt, scope.township, scope.county],
    );
    return {
      month: { opened: r.mOpened, closed: r.mClosed, closureRate: rate(r.mClosed, r.mOpened) },
      yearToDate: { opened: r.yOpened, closed: r.yClosed, closureRate: rate(r.yClosed, r.yOpened) },
      openNow: r.openNow,
    };
  }

  private async townships(
    q: Queryable,
    m: ReportMonth,
    townshipId: number | null,
    countyId: number | null,
  ): Promise<TownshipFigures[]> {
    // Joined on county and name: two counties may each have a 城关镇.
    const rows = await q.query(
      `SELECT t.id, t.name, t."countyId", o.name AS "countyName", t."yearlyTarget" AS target,
              coalesce(pl.m, 0)::int AS "placementsMonth", coalesce(pl.mo, 0)::int AS "organisedMonth",
              coalesce(pl.y, 0)::int AS "placementsYearToDate", coalesce(pl.yo, 0)::int AS "organisedYearToDate",
              coalesce(tr.y, 0)::int AS "trainedYearToDate", coalesce(cs.m, 0)::int AS "casesOpenedMonth"
         FROM townships t JOIN offices o ON o.id = t."countyId"
         LEFT JOIN (SELECT w."countyId", w.township, count(*) FILTER (WHERE p."startDate" >= $1) AS m, count(*) FILTER (WHERE p."startDate" >= $1 AND p.organised) AS mo,
                           count(*) AS y, count(*) FILTER (WHERE p.organised) AS yo
                      FROM placements p JOIN workers w ON w.id = p."workerId"
                     WHERE p."startDate" >= $3 AND p."startDate" < $2 GROUP BY 1, 2) pl ON pl."countyId" = t."countyId" AND pl.township = t.name
         LEFT JOIN (SELECT w."countyId", w.township, count(*) AS y
                      FROM enrollments e JOIN courses c ON c.id = e."courseId" JOIN workers w ON w.id = e."workerId"
                     WHERE e.completion = 'completed' AND c."endDate" >= $3 AND c."endDate" < $2 GROUP BY 1, 2) tr ON tr."countyId" = t."countyId" AND tr.township = t.name
         LEFT JOIN (SELECT w."countyId", w.township, count(*) AS m
                      FROM cases c JOIN workers w ON w.id = c."workerId"
                     WHERE c."openedAt" >= $5 AND c."openedAt" < $6 GROUP BY 1, 2) cs ON cs."countyId" = t."countyId" AND cs.township = t.name
        WHERE ($4::int IS NULL OR t.id = $4) AND ($7::int IS NULL OR t."countyId" = $7)
        ORDER BY t."countyId", t.name`,
      [m.from, m.toExclusive, m.yearFrom, townshipId, m.fromAt, m.toExclusiveAt, countyId],
    );
    return rows.map((r: Omit<TownshipFigures, 'completionRate'>) => ({
      ...r,
      completionRate: rate(r.placementsYearToDate, r.target),
    }));
  }

  private async series(q: Queryable, m: ReportMonth, scope: Scope): Promise<SeriesPoint[]> {
    const months = monthsEndingWith(m.month, 12);
    const first = monthBounds(months[0]);
    const [placements, paid] = await Promise.all([
      q.query(
        `SELECT to_char(p."startDate", 'YYYY-MM') AS month, count(*)::int AS total, count(*) FILTER (WHERE p.organised)::int AS organised
           FROM placements p JOIN workers w ON w.id = p."workerId"
          WHERE p."startDate" >= $1 AND p."startDate" < $2 AND ${inScope('w', 3)} GROUP BY 1`,
        [first.from, m.toExclusive, scope.township, scope.county],
      ),
      q.query(
        `SELECT to_char(p."paidOn", 'YYYY-MM') AS month, count(*)::int AS count, coalesce(sum(p."amountFen"), 0)::bigint AS fen
           FROM payouts p JOIN claims c ON c.id = p."claimId"
          WHERE p."paidOn" >= $1 AND p."paidOn" < $2 AND p."reversedOn" IS NULL AND ${inScope('c', 3)} GROUP BY 1`,
        [first.from, m.toExclusive, scope.township, scope.county],
      ),
    ]);
    return months.map((month) => {
      const pl = placements.find((r: { month: string }) => r.month === month);
      const pd = paid.find((r: { month: string }) => r.month === month);
      return {
        month,
        placements: pl?.total ?? 0,
        organised: pl?.organised ?? 0,
        claimsPaidCount: pd?.count ?? 0,
        claimsPaidFen: n(pd?.fen),
      };
    });
  }
}
