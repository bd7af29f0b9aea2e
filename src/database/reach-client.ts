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

/** What pg's Query does inside (not in its types): the extended protocol's messages and their answers. */
interface ExtendedConnection {
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { portal?: string; statement?: string; values: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
}
interface QueryInternals {
  prepare(connection: ExtendedConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: ExtendedConnection): void;
}
const Query = pg.Query as unknown as new (
  text: string,
  values: unknown[],
  callback: (err: Error | undefined, result: unknown) => void,
) => QueryInternals;

/** What goes in a statement's message before it: the transaction's start, the reach settings. */
interface Before {
  start: boolean;
  settings: string[] | null;
}

/**
 * A statement with parameters sent behind what must run first, in the same message: the Parse,
 * Bind and Execute of a deferred START TRANSACTION and of the reach settings go before the
 * statement's, under its one Sync, so neither costs a round trip of its own. Their rows and
 * completions are not the statement's answer. An error in any of them fails the statement (and
 * outside a transaction takes the settings back with it).
 */
class StatementWithBefore extends Query {
  /** Completions of what went before, still to come before the statement's own. */
  #before: number;

  constructor(
    private readonly before: Before,
    text: string,
    values: unknown[],
    callback: (err: Error | undefined, result: unknown) => void,
  ) {
    super(text, values, callback);
    this.#before = (before.start ? 1 : 0) + (before.settings ? 1 : 0);
  }

  override prepare(connection: ExtendedConnection): void {
    const run = (text: string, values: unknown[]) => {
      connection.parse({ text, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values });
      connection.execute({ portal: '', rows: 0 });
    };
    if (this.before.start) run('START TRANSACTION', []);
    if (this.before.settings) run(APPLY, this.before.settings);
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.#before === 0) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: ExtendedConnection): void {
    if (this.#before === 0) super.handleCommandComplete(msg, connection);
    else this.#before--;
  }
}

function settings(r: Reach): string[] {
  return [
    r.counties === '*' ? '*' : r.counties.join(','),
    r.station == null ? '' : String(r.station),
    r.county == null ? '' : String(r.county),
    r.office == null ? '' : String(r.office),
  ];
}

/** What TypeORM is answered for a START TRANSACTION deferred to the statement after it. */
const deferred = (command: string) => ({ command, rows: [], rowCount: null, fields: [] });
const EMPTY_END = /^\s*(COMMIT|ROLLBACK)\s*$/i;

/**
 * The pool's client: before a statement, it gives the connection the reach of the code that
 * sends it (the row-level security of the Offices migration reads it), unless the connection
 * already has that reach. Statements queue in order on a connection, so the settings are in
 * place before the statement runs. A plain START TRANSACTION is answered at once and sent with
 * the transaction's first statement; a statement with parameters carries the start and the
 * settings in its own message (see StatementWithBefore), one round trip for all three. A
 * rollback may undo settings made inside its transaction, so after one they are given again.
 */
export class ReachClient extends pg.Client {
  #applied: string | null = null;
  /** A START TRANSACTION answered but not sent yet. */
  #startDeferred = false;

  // pg's query has many overloads; every one takes the statement first, so this passes them all on.
  override query(...args: unknown[]): never {
    const first = args[0] as string | { text?: unknown } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    const send = super.query.bind(this) as (...a: unknown[]) => Promise<unknown>;
    // No values and no callback (TypeORM passes its parameters, undefined, on).
    const bare = args.length <= 2 && args[1] === undefined;
    // Nothing of a transaction runs before its first statement, so its start can wait for that.
    if (text === 'START TRANSACTION' && bare && !this.#startDeferred) {
      this.#startDeferred = true;
      return Promise.resolve(deferred('BEGIN')) as never;
    }
    const start = this.#startDeferred;
    this.#startDeferred = false;
    // A transaction that sent nothing has nothing to end.
    if (start && typeof text === 'string' && EMPTY_END.test(text) && bare)
      return Promise.resolve(deferred(text.trim().toUpperCase())) as never;
    const values = settings(currentReach());
    const key = values.join('|');
    // Ending a transaction reads no rows (no trigger or constraint is deferred), so it needs no
    // reach: a transaction whose listeners ran with full reach commits without switching back
    // first, and a rollback is not preceded by settings it would undo.
    const ends = typeof text === 'string' && TX_END.test(text);
    const switching = key !== this.#applied && !ends;
    const forget = () => {
      this.#applied = null;
    };
    if (switching) this.#applied = key;
    // A statement with parameters (the extended protocol) takes the start and the settings in its own message.
    if (
      (start || switching) &&
      typeof first === 'string' &&
      Array.isArray(args[1]) &&
      args[1].length > 0 &&
      args.length === 2
    ) {
      const statement = args[1] as unknown[];
      return new Promise((resolve, reject) => {
        const q = new StatementWithBefore(
          { start, settings: switching ? values : null },
          first,
          statement,
          (err, result) => {
            if (err) {
              if (switching) forget();
              reject(err);
            } else resolve(result);
          },
        );
        send(q);
      }) as never;
    }
    if (start) {
      // A transaction's start carries the settings in its own message (one round trip, not two);
      // they are then part of the transaction, and a rollback makes them be given again, as below.
      // They also count as its first query, so such a transaction can no longer take SET
      // TRANSACTION (TypeORM's startTransaction(level) sends one): a transaction with an isolation
      // level or READ ONLY names them in its own START statement, as cursorPages does. Its errors
      // are the next statement's (it runs in the failed transaction, or not at all).
      const literal = switching ? literalApply(values) : null;
      if (literal) send(`${literal}; START TRANSACTION`).catch(forget);
      else {
        if (switching) send(APPLY, values).catch(forget);
        send('START TRANSACTION').catch(() => undefined);
      }
    } else if (switching) send(APPLY, values).catch(forget);
    if (ends && /^\s*ROLLBACK/i.test(text)) this.#applied = null;
    return send(...args) as never;
  }
}
