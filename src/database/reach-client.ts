import pg from 'pg';
import { currentReach, type Reach } from '../common/request-context.js';

const APPLY = `SELECT set_config('app.counties', $1, false), set_config('app.station', $2, false),
  set_config('app.county', $3, false), set_config('app.office', $4, false)`;

/** The same settings as literals (digits, commas, `*` only), to go in one message with another statement. */
function literalApply(values: string[]): string | null {
  if (!values.every((v) => /^[0-9,*]*$/.test(v))) return null;
  const [counties, station, county, office] = values;
  return `SELECT set_config('app.counties', '${counties}', false), set_config('app.station', '${station}', false),
  set_config('app.county', '${county}', false), set_config('app.office', '${office}', false)`;
}

const TX_END = /^\s*(COMMIT|ROLLBACK|RELEASE SAVEPOINT)\b/i;

function settings(r: Reach): string[] {
  return [
    r.counties === '*' ? '*' : r.counties.join(','),
    r.station == null ? '' : String(r.station),
    r.county == null ? '' : String(r.county),
    r.office == null ? '' : String(r.office),
  ];
}

/**
 * The pool's client: before a statement, it gives the connection the reach of the code that
 * sends it (the row-level security of the Offices migration reads it), unless the connection
 * already has that reach. Statements queue in order on a connection, so the settings are in
 * place before the statement runs. A rollback may undo settings made inside its transaction,
 * so after one they are given again.
 */
export class ReachClient extends pg.Client {
  #applied: string | null = null;

  // pg's query has many overloads; every one takes the statement first, so this passes them all on.
  override query(...args: unknown[]): never {
    const values = settings(currentReach());
    const key = values.join('|');
    const first = args[0] as string | { text?: unknown } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    // Ending a transaction reads no rows (no trigger or constraint is deferred), so it needs no
    // reach: a transaction whose listeners ran with full reach commits without switching back
    // first, and a rollback is not preceded by settings it would undo.
    const ends = typeof text === 'string' && TX_END.test(text);
    if (key !== this.#applied && !ends) {
      this.#applied = key;
      const forget = () => {
        this.#applied = null;
      };
      // A transaction's start carries the settings in its own message (one round trip, not two);
      // they are then part of the transaction, and a rollback makes them be given again, as below.
      // They also count as its first query, so such a transaction can no longer take SET
      // TRANSACTION (TypeORM's startTransaction(level) sends one): a transaction with an isolation
      // level or READ ONLY names them in its own START statement, as cursorPages does.
      const literal = text === 'START TRANSACTION' && args[1] === undefined ? literalApply(values) : null;
      if (literal) {
        const started = (super.query as (...a: unknown[]) => Promise<unknown>)(`${literal}; START TRANSACTION`);
        started.catch(forget);
        return started as never;
      }
      super.query(APPLY, values).catch(forget);
    }
    if (ends && /^\s*ROLLBACK/i.test(text)) this.#applied = null;
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
