/**
 * The custom search attributes operators find processes by in the Temporal UI (README:
 * 查找流程). Temporal stores them unencrypted and shows them to anyone with the UI: business
 * words only (numbers, township names, stages, dates), never a worker's name or ID number.
 * Registered on the server before a worker runs (src/embedded/temporal-server.ts, docker-compose.yml).
 */
// The typed keys live in the SDK's common package only (@temporalio/workflow does not re-export them); deterministic.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { shanghaiEndOfDay } from './calendar.js';

export const CaseNumber = defineSearchAttributeKey('CaseNumber', SearchAttributeType.KEYWORD);
export const Township = defineSearchAttributeKey('Township', SearchAttributeType.KEYWORD);
export const Stage = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);
/** The end of the last day of whatever the process waits for next (a deadline, a decision). */
export const NextDueDate = defineSearchAttributeKey('NextDueDate', SearchAttributeType.DATETIME);
export const ClaimNumber = defineSearchAttributeKey('ClaimNumber', SearchAttributeType.KEYWORD);
export const PlacementId = defineSearchAttributeKey('PlacementId', SearchAttributeType.INT);

/** Every key, as the CLI registers them (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTES: readonly { name: string; type: 'Keyword' | 'Datetime' | 'Int' }[] = [
  { name: CaseNumber.name, type: 'Keyword' },
  { name: Township.name, type: 'Keyword' },
  { name: Stage.name, type: 'Keyword' },
  { name: NextDueDate.name, type: 'Datetime' },
  { name: ClaimNumber.name, type: 'Keyword' },
  { name: PlacementId.name, type: 'Int' },
];

/** Patch: a process keeps its search attributes up to date (runs from before it set none). */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes';

/** The instant a Shanghai calendar date's last day ends, as NextDueDate takes it. */
export const dueDate = (date: string) => new Date(shanghaiEndOfDay(date));

/**
 * In a workflow: sets (null: removes) search attributes as the process moves. A new command,
 * so behind the patch: a run replaying a history from before it records none at that point.
 */
export function upsertSearch(pairs: SearchAttributeUpdatePair[]): boolean {
  if (pairs.length === 0 || !patched(SEARCH_ATTRIBUTES_PATCH)) return false;
  upsertSearchAttributes(pairs);
  return true;
}

/**
 * In a workflow: keeps Stage and NextDueDate (an ISO instant; null: nothing due) as shown,
 * upserting only when one changed. `shown`: what the run started with; `identity` (its number,
 * township) goes with each upsert, so a run started before the start options had them gets them.
 */
export function searchKeeper(
  shown: { stage?: string; due?: string | null },
  identity: SearchAttributeUpdatePair[],
): (stage: string, due: string | null) => void {
  return (stage, due) => {
    const pairs: SearchAttributeUpdatePair[] = [];
    if (stage !== shown.stage) pairs.push({ key: Stage, value: stage });
    if (due !== (shown.due ?? null)) pairs.push({ key: NextDueDate, value: due ? new Date(due) : null });
    if (pairs.length > 0 && upsertSearch([...pairs, ...identity])) shown = { stage, due };
  };
}

/** The township pair, when the input has one (older runs do not). */
export const townshipPair = (township: string | undefined): SearchAttributeUpdatePair[] =>
  township ? [{ key: Township, value: township }] : [];
