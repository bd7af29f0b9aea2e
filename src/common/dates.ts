/** Dates are Asia/Shanghai calendar dates (`YYYY-MM-DD`); the arithmetic lives with the workflows that share it. */
import { todayInShanghai } from '../registry/identity/calendar-date.js';

export {
  addDays,
  addMonths,
  daysBetween,
  shanghaiDate,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
} from '../../workflows/calendar.js';

/** Today in Asia/Shanghai, from the server clock (API and activities only, never in workflows). */
export function shanghaiToday(): string {
  return todayInShanghai();
}
