/**
 * class-validator decorators for the identity values. Each failure message is the specific
 * reason from the parser (e.g. `the check digit is wrong (expected 7): …`), never prefixed
 * with the property name: the API reports `{ field, reason }` separately.
 *
 * These validate only; they do not rewrite the DTO. A value may pass in a non-canonical form
 * (full-width digits, lower-case x, +86 prefix), so services store the normalised value from
 * `parseCitizenId(...).id`, `parseCreditCode(...).code` or `parsePhone(...).phone`.
 */
import {
  registerDecorator,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate, todayInShanghai } from './calendar-date.js';
import { CITIZEN_ID_SHAPE, parseCitizenId } from './citizen-id.js';
import { CREDIT_CODE_SHAPE, parseCreditCode } from './credit-code.js';
import { formatYuan, isFen } from './fen.js';
import { MOBILE_SHAPE, parsePhone } from './phone.js';

type Problem = (value: unknown, args: ValidationArguments) => string | null;

/**
 * With `{ each: true }` class-validator calls `validate` per item but `defaultMessage` with the
 * whole array: report the first failing item's reason.
 */
function firstProblem(problem: Problem, args: ValidationArguments): string | null {
  if (Array.isArray(args.value) && args.constraints?.includes(EACH)) {
    for (const item of args.value) {
      const p = problem(item, args);
      if (p !== null) return p;
    }
    return null;
  }
  return problem(args.value, args);
}

/** Marker put in the constraints of an `each` decorator so `defaultMessage` knows. */
const EACH = Symbol('each');

function constraintsFor(options: ValidationOptions | undefined, extra: unknown[] = []): unknown[] {
  return options?.each ? [...extra, EACH] : extra;
}

function register(
  name: string,
  validator: new () => ValidatorConstraintInterface,
  options: ValidationOptions | undefined,
  extra: unknown[] = [],
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      constraints: constraintsFor(options, extra),
      validator,
    });
  };
}

abstract class ReasonConstraint implements ValidatorConstraintInterface {
  protected abstract problem(value: unknown, args: ValidationArguments): string | null;
  validate(value: unknown, args: ValidationArguments): boolean {
    return this.problem(value, args) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    return firstProblem((v, a) => this.problem(v, a), args) ?? 'is not valid';
  }
}

@ValidatorConstraint({ name: 'isCitizenId', async: false })
export class IsCitizenIdConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    if (typeof value !== 'string') return CITIZEN_ID_SHAPE;
    const r = parseCitizenId(value);
    return r.ok ? null : r.reason;
  }
}

@ValidatorConstraint({ name: 'isCreditCode', async: false })
export class IsCreditCodeConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    if (typeof value !== 'string') return CREDIT_CODE_SHAPE;
    const r = parseCreditCode(value);
    return r.ok ? null : r.reason;
  }
}

@ValidatorConstraint({ name: 'isMainlandMobile', async: false })
export class IsMainlandMobileConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    if (typeof value !== 'string') return MOBILE_SHAPE;
    const r = parsePhone(value);
    return r.ok ? null : r.reason;
  }
}

export interface FenOptions {
  /** Smallest allowed amount, in fen. */
  min?: number;
  /** Refuse 0. */
  positive?: boolean;
}

export const FEN_SHAPE = 'must be a whole number of fen (分), e.g. 8000 for 80.00 yuan';

@ValidatorConstraint({ name: 'isFen', async: false })
export class IsFenConstraint extends ReasonConstraint {
  protected problem(value: unknown, args: ValidationArguments): string | null {
    const opts = (args.constraints?.[0] ?? {}) as FenOptions;
    if (!isFen(value)) {
      return typeof value === 'number' && Number.isSafeInteger(value) ? 'must not be negative' : FEN_SHAPE;
    }
    if (opts.positive && value === 0) return 'must be more than 0';
    if (opts.min !== undefined && value < opts.min) {
      return `must be at least ${opts.min} fen (${formatYuan(opts.min)} yuan)`;
    }
    return null;
  }
}

export const DATE_SHAPE = 'must be a date as YYYY-MM-DD';

@ValidatorConstraint({ name: 'isCalendarDate', async: false })
export class IsCalendarDateConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    return isCalendarDate(value) ? null : DATE_SHAPE;
  }
}

@ValidatorConstraint({ name: 'notInFuture', async: false })
export class NotInFutureConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    // Distinct wording from @IsCalendarDate so the two together do not repeat one message.
    if (!isCalendarDate(value)) return `${DATE_SHAPE}, not in the future`;
    const today = todayInShanghai();
    return value > today ? `must not be in the future (today is ${today})` : null;
  }
}

/** 18-character citizen ID (GB 11643): shape, region, real birth date not in the future, check digit. */
export function IsCitizenId(options?: ValidationOptions): PropertyDecorator {
  return register('isCitizenId', IsCitizenIdConstraint, options);
}

/** 18-character unified social credit code (GB 32100): alphabet, region digits, check character. */
export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return register('isCreditCode', IsCreditCodeConstraint, options);
}

/** Mainland mobile number, 1[3-9] + 9 digits; +86 / 86 prefix, spaces and hyphens allowed. */
export function IsMainlandMobile(options?: ValidationOptions): PropertyDecorator {
  return register('isMainlandMobile', IsMainlandMobileConstraint, options);
}

/** Integer fen ≥ 0 (no floats, no strings); optionally at least `min`, or more than 0. */
export function IsFen(fen: FenOptions = {}, options?: ValidationOptions): PropertyDecorator {
  if (fen.min !== undefined && !Number.isSafeInteger(fen.min)) throw new TypeError('IsFen min must be whole fen');
  return register('isFen', IsFenConstraint, options, [fen]);
}

/** A `YYYY-MM-DD` string naming a real calendar date. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return register('isCalendarDate', IsCalendarDateConstraint, options);
}

/** A `YYYY-MM-DD` date no later than today in Asia/Shanghai. */
export function NotInFuture(options?: ValidationOptions): PropertyDecorator {
  return register('notInFuture', NotInFutureConstraint, options);
}
