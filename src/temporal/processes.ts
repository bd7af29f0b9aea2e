/**
 * The one way from the API and the activities to the long-running processes: for each process
 * its workflow type, business id and state query; starting it (through the outbox, in the
 * caller's transaction), signalling, updating and reading it; and the translation of Temporal's
 * failures into the API's answers, written once.
 */
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type QueryDefinition,
  type SignalDefinition,
  type UpdateDefinition,
} from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import { TemporalErrors } from '../common/common.errors.js';
import { DomainError, refusalError } from '../common/errors.js';
import {
  type CaseEscalationInput,
  type CaseEscalationState,
  type ClaimApprovalState,
  type ContactRequestInput,
  type ContractDeadlineInput,
  type DepartureBatchInput,
  type FollowUpInput,
  type HouseholdSupportInput,
  type JobOrderInput,
  type LedgerImportInput,
  type PayoutBatchInput,
  type ReferralPayoutInput,
  type TrainingSubsidyInput,
  caseStateQuery,
  STATE_MEMO_KEY,
  caseWorkflowId,
  claimStateQuery,
  claimWorkflowId,
  contactRequestStateQuery,
  contactRequestWorkflowId,
  contractStateQuery,
  contractWorkflowId,
  departureBatchStateQuery,
  departureBatchWorkflowId,
  followUpStateQuery,
  followUpWorkflowId,
  householdStateQuery,
  householdWorkflowId,
  jobOrderStateQuery,
  jobOrderWorkflowId,
  ledgerImportProgressQuery,
  ledgerImportWorkflowId,
  payoutBatchStateQuery,
  payoutBatchWorkflowId,
  referralStateQuery,
  referralWorkflowId,
  trainingStateQuery,
  trainingWorkflowId,
} from '../../workflows/definitions.js';
import { type OutboxMessage, ProcessOutbox, type WrittenRow } from './process-outbox.js';
import { TemporalService } from './temporal.service.js';

/** One process of one subject (a placement's contract deadline, a case's escalation): its id and state query. */
export interface ProcessRef<State = unknown> {
  readonly workflowId: string;
  readonly stateQuery?: QueryDefinition<State>;
  /** Its runs keep their state in the memo (workflows/state-memo.ts): read with a describe. */
  readonly stateInMemo?: boolean;
}

/** A process the API starts: its workflow type (an export of workflows/index.ts) and the input it takes. */
export interface StartableRef<Input, State = unknown> extends ProcessRef<State> {
  readonly type: string;
  /** Never set: it carries the input's type to start(). */
  readonly input?: Input;
}

// The input is named, not read off workflows/index.ts: the workflows import types from the
// activities, which import this file. A wrong pair fails the e2e test that starts the process.
const startable =
  <Input>() =>
  <Key extends unknown[], State>(
    type: string,
    workflowId: (...key: Key) => string,
    stateQuery: QueryDefinition<State>,
  ) =>
  (...key: Key): StartableRef<Input, State> => ({ type, workflowId: workflowId(...key), stateQuery });

/** Each process by its subject, e.g. `contractDeadline(placementId)`. */
export const contractDeadline = startable<ContractDeadlineInput>()(
  'contractDeadline',
  contractWorkflowId,
  contractStateQuery,
);
/** A placement's follow-up plan (回访). */
export const followUpPlan = startable<FollowUpInput>()('followUpPlan', followUpWorkflowId, followUpStateQuery);
export const referralPayout = startable<ReferralPayoutInput>()(
  'referralPayout',
  referralWorkflowId,
  referralStateQuery,
);
export const trainingSubsidy = startable<TrainingSubsidyInput>()(
  'trainingSubsidy',
  trainingWorkflowId,
  trainingStateQuery,
);
/** Started by its parent (a referral payout, a training subsidy) as a child workflow; the API reads and updates it. */
export const claimApproval = (claimId: number): ProcessRef<ClaimApprovalState> => ({
  workflowId: claimWorkflowId(claimId),
  stateQuery: claimStateQuery,
  stateInMemo: true,
});
const escalation = startable<CaseEscalationInput>()('caseEscalation', caseWorkflowId, caseStateQuery);
export const caseEscalation = (caseId: number): StartableRef<CaseEscalationInput, CaseEscalationState> => ({
  ...escalation(caseId),
  stateInMemo: true,
});
export const householdSupport = startable<HouseholdSupportInput>()(
  'householdSupport',
  householdWorkflowId,
  householdStateQuery,
);
export const contactRequest = startable<ContactRequestInput>()(
  'contactRequest',
  contactRequestWorkflowId,
  contactRequestStateQuery,
);
export const ledgerImport = startable<LedgerImportInput>()(
  'ledgerImport',
  ledgerImportWorkflowId,
  ledgerImportProgressQuery,
);

export const payoutBatch = startable<PayoutBatchInput>()('payoutBatch', payoutBatchWorkflowId, payoutBatchStateQuery);
export const jobOrderProcess = startable<JobOrderInput>()('jobOrder', jobOrderWorkflowId, jobOrderStateQuery);
/** An organised departure (输出批次): reminders before it, the arrival awaited after it. */
export const departureBatchProcess = startable<DepartureBatchInput>()(
  'departureBatch',
  departureBatchWorkflowId,
  departureBatchStateQuery,
);

/** What the caller answers when a process refuses an update or has finished. */
export interface UpdateAnswers {
  /** The refusal when the failure names none of its own (the context's `…PROCESS_REFUSED`). */
  refused: () => DomainError;
  /** The answer when the process is not running (any more). */
  finished: () => DomainError;
}

/** A stable code in a failure's type (`REFERRAL.REPEAT`), as opposed to an error class's name. */
const CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/**
 * Temporal's failure as the API's answer: a refusal by the process (its update validator) is
 * answered as workflows/refusals.ts has it (400 with its field, else 409); another coded failure
 * (e.g. a repeat referral) is a 409 with its message and the fields of its first detail (the
 * earlier claim it names); a process not running is the caller's answer; anything else
 * (unreachable, timed out) is a 503 — the process has not changed.
 */
export function processFailure(err: unknown, answers: UpdateAnswers): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const refusal = refusalError(err.cause);
    if (refusal) return refusal;
    const failure = err.cause instanceof ApplicationFailure ? err.cause : undefined;
    if (!failure?.type || !CODE.test(failure.type)) return answers.refused();
    const detail = failure.details?.[0];
    // Its `reason`, if any, is the message already.
    const { reason: _reason, ...fields } =
      detail && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : {};
    return new DomainError(failure.type, failure.message, HttpStatus.CONFLICT, [], fields);
  }
  if (err instanceof WorkflowNotFoundError) return answers.finished();
  return TemporalErrors.UNAVAILABLE();
}

export type ProcessRead<State> = { state: State } | { state: null; error: 'not_running' | 'unreachable' };

@Injectable()
export class Processes {
  private readonly log = new Logger('Processes');

  constructor(
    private readonly temporal: TemporalService,
    private readonly outbox: ProcessOutbox,
  ) {}

  /**
   * Starts the process with `input` as part of `m`'s transaction: written to the outbox there and
   * started when it commits, so a rollback starts nothing. A subject's process runs once; `rerun`
   * starts a new run of a closed one (a reopened case).
   */
  async start<Input>(
    m: EntityManager,
    ref: StartableRef<Input>,
    input: Input,
    options: { rerun?: boolean } = {},
  ): Promise<void> {
    await this.outbox.enqueue(m, {
      kind: 'start',
      workflowId: ref.workflowId,
      name: ref.type,
      taskQueue: this.temporal.taskQueue,
      rerun: options.rerun,
      args: [input],
    });
  }

  /**
   * A start as part of the caller's own statement (see ProcessOutbox.insertStatement): `sql` is
   * the outbox INSERT (a CTE of the caller's), and `written` takes the row it returned, in `m`'s
   * transaction, after which it is as if {@link start} had been called. `args` adds to the input
   * what only the statement knows (a column of a row it writes).
   */
  startInStatement<Input>(
    ref: StartableRef<Input>,
    input: Partial<Input>,
    add: (value: unknown) => string,
    options: { from?: string; rerun?: boolean; args?: (inputJson: string) => string } = {},
  ): { sql: string; written: (m: EntityManager, row: WrittenRow | null | undefined) => Promise<void> } {
    const msg: OutboxMessage = {
      kind: 'start',
      workflowId: ref.workflowId,
      name: ref.type,
      taskQueue: this.temporal.taskQueue,
      rerun: options.rerun,
      args: [input],
    };
    const args = options.args;
    const sql = this.outbox.insertStatement(msg, add, {
      from: options.from,
      // The args are one input in an array: the addition goes into the input.
      args: args && ((json) => `jsonb_build_array(${args(`(${json} -> 0)`)})`),
    });
    return { sql, written: (m, row) => this.outbox.written(m, msg, row) };
  }

  /**
   * Tells a process something. Given a transaction, as part of it (sent once it commits, never if
   * it rolls back); else at once, answering false when the process is not running (it is not
   * told). Receivers keep the first of a repeated signal.
   */
  async signal<A>(ref: ProcessRef, def: SignalDefinition<[A]>, arg: A, m?: EntityManager): Promise<boolean> {
    if (m?.queryRunner?.isTransactionActive) {
      await this.outbox.enqueue(m, { kind: 'signal', workflowId: ref.workflowId, name: def.name, args: [arg] });
      return true;
    }
    try {
      await (await this.temporal.client()).workflow.getHandle(ref.workflowId).signal(def, arg);
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** An update the process may refuse; see processFailure for the answers. */
  async update<Ret, A>(ref: ProcessRef, def: UpdateDefinition<Ret, [A]>, arg: A, answers: UpdateAnswers): Promise<Ret> {
    try {
      return await (
        await this.temporal.client()
      ).workflow
        .getHandle(ref.workflowId)
        .executeUpdate(def, { args: [arg] });
    } catch (err) {
      const answer = processFailure(err, answers);
      if (answer.code === 'TEMPORAL.UNAVAILABLE')
        this.log.error(`${def.name} of ${ref.workflowId}: ${(err as Error).message}`);
      throw answer;
    }
  }

  /** The process's state, or why there is none: it is not running (any more), or Temporal did not answer. */
  async read<State>(ref: ProcessRef<State>): Promise<ProcessRead<State>> {
    try {
      const handle = (await this.temporal.client()).workflow.getHandle(ref.workflowId);
      if (ref.stateInMemo) {
        // The server answers a describe from what it stores; a query goes on to a worker (which
        // may replay the run first). Runs started before the memo was kept have none: asked.
        const kept = (await handle.describe()).memo?.[STATE_MEMO_KEY];
        if (kept && typeof kept === 'object') return { state: kept as State };
      }
      return { state: await handle.query(ref.stateQuery!) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { state: null, error: 'not_running' };
      this.log.warn(`the state of ${ref.workflowId} could not be read: ${(err as Error).message}`);
      return { state: null, error: 'unreachable' };
    }
  }

  /** The process's state; null when there is none to read (a page shows the records without it). */
  async state<State>(ref: ProcessRef<State>): Promise<State | null> {
    return (await this.read(ref)).state;
  }
}
