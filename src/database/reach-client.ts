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

/**
 * A statement with parameters sent behind the reach settings in the same message: the settings'
 * Parse/Bind/Execute go before the statement's, under the statement's one Sync, so the connection
 * switches reach without a round trip of its own. Their row and completion are not the
 * statement's answer. An error in either fails both (nothing of it is kept outside a transaction).
 */
class SettingsThenStatement extends Query {
  #settingsAnswered = false;

  constructor(
    private readonly settingValues: string[],
    text: string,
    values: unknown[],
    callback: (err: Error | undefined, result: unknown) => void,
  ) {
    super(text, values, callback);
  }

  override prepare(connection: ExtendedConnection): void {
    connection.parse({ text: APPLY, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: this.settingValues });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.#settingsAnswered) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: ExtendedConnection): void {
    if (this.#settingsAnswered) super.handleCommandComplete(msg, connection);
    else this.#settingsAnswered = true;
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

/**
 * The pool's client: before a statement, it gives the connection the reach of the code that
 * sends it (the row-level security of the Offices migration reads it), unless the connection
 * already has that reach. Statements queue in order on a connection, so the settings are in
 * place before the statement runs; a statement with parameters carries them in its own message
 * (see SettingsThenStatement). A rollback may undo settings made inside its transaction, so after
 * one they are given again.
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
      // A statement with parameters (the extended protocol) takes the settings in its own message.
      if (typeof first === 'string' && Array.isArray(args[1]) && args[1].length > 0 && args.length === 2) {
        const statement = args[1] as unknown[];
        return new Promise((resolve, reject) => {
          const q = new SettingsThenStatement(values, first, statement, (err, result) => {
            if (err) {
              forget();
              reject(err);
            } else resolve(result);
          });
          (super.query as (q: unknown) => unknown)(q);
        }) as never;
      }
      super.query(APPLY, values).catch(forget);
    }
    if (ends && /^\s*ROLLBACK/i.test(text)) this.#applied = null;
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
