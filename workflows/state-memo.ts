/**
 * A process's state kept in its memo, so a page reads it with a describe (answered by the
 * Temporal server from what it stores) instead of a query (sent on to a worker, which may have to
 * replay the whole history first). The memo is set in the same workflow task as the change, so it
 * shows what a query would show once that task completes.
 */
import { condition, patched, upsertMemo } from '@temporalio/workflow';
import { STATE_MEMO_KEY } from './definitions.js';

/** Patch: the process keeps its state in its memo (runs started before it are read by the query). */
export const STATE_IN_MEMO = 'state-in-memo';

/**
 * In a workflow, once, where its state is made: from then on the memo follows the state. The
 * watch runs at the end of every activation (conditions are checked after each job), so any
 * change, wherever made, is upserted before the task completes. The returned function upserts a
 * change at once: called before the run returns, as a command after its completion would be lost.
 */
export function keepStateInMemo(state: object): () => void {
  if (!patched(STATE_IN_MEMO)) return () => undefined;
  let shown = '';
  const show = () => {
    const now = JSON.stringify(state);
    if (now === shown) return;
    shown = now;
    upsertMemo({ [STATE_MEMO_KEY]: JSON.parse(now) });
  };
  show();
  void (async () => {
    for (;;) {
      await condition(() => JSON.stringify(state) !== shown);
      show();
    }
  })();
  return show;
}
