import { ApplicationFailure } from '@temporalio/common';
import { refusalOf } from '../../workflows/refusals.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * A refusal the domain can explain: a stable code (e.g. `CLAIM.DECIDED`), the HTTP status it
 * maps to at the edge, a Chinese message a bureau user can act on, and optional field-level
 * details. Never carries personal data. Built from a context's catalogue ({@link defineErrors}),
 * never inline.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The same refusal about another input field (one rule that guards several fields, e.g. a month as `from` or `to`). */
  at(field: string): DomainError {
    return this.withDetails(this.details.map((d) => ({ ...d, field })));
  }

  /** The same refusal naming each field and why (the DTO validation's several problems). */
  withDetails(details: FieldProblem[]): DomainError {
    return new DomainError(this.code, this.message, this.status, details, this.extra);
  }
}

/** One refusal of a catalogue. */
export interface ErrorEntry {
  readonly status: number;
  /** Chinese, for the bureau user; `{name}` is filled from the parameter of that name. */
  readonly message: string;
  /** The values the message names. */
  readonly params?: readonly string[];
  /** A refusal of one input field: answered as `details: [{ field, reason: message }]`. */
  readonly field?: string;
  /** Values answered beside the message for the caller to act on (e.g. `existingId`). */
  readonly extra?: readonly string[];
}

type Names<L> = L extends readonly (infer N extends string)[] ? N : never;
/** What building an error takes: every declared parameter (a missing one is a type error) and, when known, the extras. */
export type ErrorArgs<E extends ErrorEntry> = { [P in Names<E['params']>]: string | number } & {
  [X in Names<E['extra']>]?: unknown;
};
export type ErrorFactory<E extends ErrorEntry> = ([keyof ErrorArgs<E>] extends [never]
  ? () => DomainError
  : object extends ErrorArgs<E>
    ? (args?: ErrorArgs<E>) => DomainError
    : (args: ErrorArgs<E>) => DomainError) & { readonly code: string; readonly entry: E };
export type ErrorCatalogue<T extends Record<string, ErrorEntry>> = { readonly [K in keyof T]: ErrorFactory<T[K]> };

/** `{name}` → the value of `name`. */
export function fillMessage(message: string, values: Record<string, unknown>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * A context's catalogue of refusals: `defineErrors('PLACEMENT', { ENDED: {...} })` gives
 * `PlacementErrors.ENDED({ endDate })`, a DomainError coded `PLACEMENT.ENDED`. The prefix is a
 * domain word of the context (a context may have several, e.g. WORKER and EMPLOYER in the registry).
 */
export function defineErrors<const T extends Record<string, ErrorEntry>>(
  prefix: string,
  entries: T,
): ErrorCatalogue<T> {
  const catalogue: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(entries)) {
    const code = `${prefix}.${key}`;
    const build = (args: Record<string, unknown> = {}) => {
      const message = fillMessage(entry.message, args);
      const extra = Object.fromEntries(
        (entry.extra ?? []).filter((x) => args[x] !== undefined).map((x) => [x, args[x]]),
      );
      return new DomainError(
        code,
        message,
        entry.status,
        entry.field ? [{ field: entry.field, reason: message }] : [],
        extra,
      );
    };
    catalogue[key] = Object.assign(build, { code, entry });
  }
  return catalogue as ErrorCatalogue<T>;
}

/**
 * The failure of a workflow update as the API's error when the update's validator refused it
 * with one of `workflows/refusals.ts` (the failure's type is the refusal's code, its message the
 * filled Chinese text): 400 with the field when the refusal is about one input field, else 409.
 * Undefined for any other failure.
 */
export function refusalError(failure: unknown): DomainError | undefined {
  if (!(failure instanceof ApplicationFailure)) return undefined;
  const refusal = refusalOf(failure);
  if (!refusal) return undefined;
  const { field } = refusal.entry;
  return new DomainError(
    refusal.code,
    failure.message,
    field ? 400 : 409,
    field ? [{ field, reason: failure.message }] : [],
  );
}

/** A workflow refusal thrown by a service that checks the same rule before it asks the process. */
export function refused(refusal: ApplicationFailure): DomainError {
  const e = refusalError(refusal);
  if (!e) throw new TypeError(`${refusal.type} is not a refusal of workflows/refusals.ts`);
  return e;
}
