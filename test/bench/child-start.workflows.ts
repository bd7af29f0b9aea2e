/**
 * The workflows of child-start.bench.ts: stand-ins for a registration's two processes, each
 * waiting on a long timer after its first task as the contract deadline and follow-up plan do.
 */
import { ParentClosePolicy, sleep, startChild } from '@temporalio/workflow';

/** A process that sets its timer and waits (the follow-up plan, or the contract deadline today). */
export async function waiting(): Promise<void> {
  await sleep('30 days');
}

/** The contract deadline starting the follow-up plan itself, which outlives it. */
export async function startingChild(childId: string): Promise<void> {
  await startChild(waiting, { workflowId: childId, parentClosePolicy: ParentClosePolicy.ABANDON });
  await sleep('30 days');
}
