import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const HOUSEHOLD_STATUSES = ['employed', 'zero_employment', 'no_working_age'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];
export const RELATIONSHIPS = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
/** What worked when a household is cleared (清零). */
export const CLEARING_MEASURES = ['training', 'referral', 'public_post', 'loan', 'own_business'] as const;
export type ClearingMeasure = (typeof CLEARING_MEASURES)[number];
/** Services offered on a visit or by the contact card. */
export const SERVICES_OFFERED = ['training', 'referral', 'public_post', 'loan'] as const;
export const EMPLOYMENT_KINDS = ['self_employment', 'public_post', 'flexible'] as const;
export type EmploymentKind = (typeof EMPLOYMENT_KINDS)[number];

/** 户: an address in a township; its status is derived from its members, never typed. */
@Entity('households')
export class Household {
  @PrimaryGeneratedColumn()
  id: number;

  /** The county bureau the record belongs to (set by the database from its township or parent). */
  @Column({ type: 'int' })
  countyId: number;

  /** The office holding it: a township station, or the county bureau itself. */
  @Column({ type: 'int' })
  officeId: number;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  township: string;

  /** The caseworker responsible for the follow-up visits (回访). */
  @Index()
  @Column({ type: 'int', nullable: true })
  responsibleUserId: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  responsibleName: string | null;

  /** employed | zero_employment | no_working_age (derived; written only by HouseholdStatusService.reassess). */
  @Column({ type: 'varchar', length: 16, default: 'employed' })
  status: HouseholdStatus;

  /** Number of zero-employment episodes so far; the open one is `episode` when status is zero_employment. */
  @Column({ type: 'int', default: 0 })
  episode: number;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** A worker belongs to at most one household (unique workerId). */
@Entity('household_members')
export class HouseholdMember {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'int', unique: true })
  workerId: number;

  @Column({ type: 'varchar', length: 12 })
  relationship: Relationship;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;
}

/** Employment outside the placement registry: self-employment, a public-welfare post (公益性岗位), flexible work. */
@Entity('household_employments')
export class HouseholdEmployment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  householdId: number;

  @Index()
  @Column({ type: 'int' })
  workerId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: EmploymentKind;

  @Column({ type: 'varchar', length: 12, nullable: true })
  measure: ClearingMeasure | null;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'varchar', length: 40 })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One zero-employment episode: found → cleared (清零). One open episode per household
 * (partial unique index), one householdSupport run per episode.
 */
@Entity('household_episodes')
@Unique(['householdId', 'episode'])
export class HouseholdEpisode {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'int' })
  episode: number;

  @Column({ type: 'date' })
  foundOn: string;

  @Column({ type: 'text' })
  foundCause: string;

  @Column({ type: 'date', nullable: true })
  clearedOn: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  measure: ClearingMeasure | null;

  @Column({ type: 'text', nullable: true })
  clearedCause: string | null;

  @Column({ type: 'int', nullable: true })
  clearedByPlacementId: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  cardNumber: string | null;

  @Column({ type: 'int', nullable: true })
  cardDocumentId: number | null;

  @Column({ type: 'date', nullable: true })
  nextVisitDue: string | null;

  @Column({ type: 'varchar', length: 80 })
  workflowId: string;
}

/** The household's history: status changes with their cause, cards, visits, reminders. */
@Entity('household_events')
@Index(['householdId', 'id'])
export class HouseholdEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'int', nullable: true })
  episode: number | null;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: string | null;

  @Column({ type: 'text' })
  cause: string;

  @Column({ type: 'varchar', length: 100, nullable: true, unique: true })
  sourceKey: string | null;

  @Column({ type: 'varchar', length: 40 })
  by: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** 回访: a follow-up visit of a zero-employment household (date, who, what was offered). */
@Entity('household_visits')
@Index(['householdId', 'visitedOn'])
export class HouseholdVisit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'int' })
  episode: number;

  @Column({ type: 'date' })
  visitedOn: string;

  @Column({ type: 'varchar', length: 40 })
  visitedBy: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  offered: string[];

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  sourceKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** 摸底调查: one round per half-year (2026H2). */
@Entity('survey_rounds')
export class SurveyRound {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 6, unique: true })
  period: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  /** open | closed */
  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: string;

  @Column({ type: 'varchar', length: 40 })
  openedBy: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  closedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  openedAt: Date;
}

/** A household visited in a round, with what was found; or, with `missedReason`, why it was not. */
@Entity('survey_visits')
@Unique(['roundId', 'householdId'])
export class SurveyVisit {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  roundId: number;

  @Index()
  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'date', nullable: true })
  visitedOn: string | null;

  @Column({ type: 'varchar', length: 40 })
  visitedBy: string;

  /** employed | zero_employment | no_working_age; null for a missed household. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  finding: HouseholdStatus | null;

  @Column({ type: 'text', nullable: true })
  missedReason: string | null;

  @Column({ type: 'text', default: '' })
  note: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

export const REQUEST_KINDS = ['job', 'training', 'post', 'loan', 'rights'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_CHANNELS = ['phone', 'window'] as const;

/** 联系卡求助: a household's request by its contact card, answered within 7 days (seed 002). */
@Entity('contact_requests')
@Index(['status', 'dueOn'])
export class ContactRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  householdId: number;

  /** The member who asked, when known (required for a rights problem). */
  @Column({ type: 'int', nullable: true })
  workerId: number | null;

  @Column({ type: 'varchar', length: 40 })
  caller: string;

  @Column({ type: 'varchar', length: 8 })
  channel: (typeof REQUEST_CHANNELS)[number];

  @Column({ type: 'varchar', length: 10 })
  kind: RequestKind;

  @Column({ type: 'text' })
  details: string;

  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  assigneeId: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  assigneeName: string | null;

  /** open | answered (written by the request's process) */
  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: string;

  @Column({ type: 'boolean', default: false })
  reminded: boolean;

  @Column({ type: 'boolean', default: false })
  breached: boolean;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  @Column({ type: 'text', nullable: true })
  offered: string | null;

  @Column({ type: 'boolean', nullable: true })
  accepted: boolean | null;

  @Column({ type: 'text', nullable: true })
  answerNote: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  answeredBy: string | null;

  /** The rights case a `rights` request opened. */
  @Index()
  @Column({ type: 'int', nullable: true })
  caseId: number | null;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
