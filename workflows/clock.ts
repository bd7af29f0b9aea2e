/**
 * Workflow time. Inside the workflow sandbox the SDK replaces `Date` with the time of the
 * current workflow task, recorded in history and identical on replay (and advanced by the
 * time-skipping test server), so this is deterministic. Workflow code reads time only here.
 */
export function workflowNow(): number {
  return Date.now();
}
