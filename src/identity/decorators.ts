/**
 * class-validator decorators for the identity values. Each failure message is the specific
 * Chinese reason from the parser's catalogue (e.g. 身份证号校验位不对（按前17位应为7）…), never
 * prefixed with the property name: the API reports `{ field, reason }` separately.
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
import { DATE_SHAPE } from '../common/dates.js';
import { parseBankAccount } from './bank-account.js';
import { isCalendarDate, todayInShanghai } from './calendar-date.js';
import { parseCitizenId } from './citizen-id.js';
import { parseCreditCode } from './credit-code.js';
import { formatYuan, isFen, MAX_FEN } from './fen.js';
import { parsePhone } from './phone.js';

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
    return firstProblem((v, a) => this.problem(v, a), args) ?? '填写有误';
  }
}

@ValidatorConstraint({ name: 'isCitizenId', async: false })
export class IsCitizenIdConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    const r = parseCitizenId(value as string);
    return r.ok ? null : r.error.message;
  }
}

@ValidatorConstraint({ name: 'isCreditCode', async: false })
export class IsCreditCodeConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    const r = parseCreditCode(value as string);
    return r.ok ? null : r.error.message;
  }
}

@ValidatorConstraint({ name: 'isMainlandMobile', async: false })
export class IsMainlandMobileConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    const r = parsePhone(value as string);
    return r.ok ? null : r.error.message;
  }
}

@ValidatorConstraint({ name: 'isBankAccount', async: false })
export class IsBankAccountConstraint extends ReasonConstraint {
  protected problem(value: unknown): string | null {
    const r = parseBankAccount(value as string);
    return r.ok ? null : r.error.message;
  }
}

export interface FenOptions {
  /** Smallest allowed amount, in fen. */
  min?: number;
  /** Refuse 0. */
  positive?: boolean;
}

export const FEN_SHAPE = '须为整数分（如 8000 表示80.00元）';

@ValidatorConstraint({ name: 'isFen', async: false })
export class IsFenConstraint extends ReasonConstraint {
  protected problem(value: unknown, args: ValidationArguments): string | null {
    const opts = (args.constraints?.[0] ?? {}) as FenOptions;
    if (!isFen(value)) {
      return typeof value === 'number' && Number.isSafeInteger(value) ? '不能为负数' : FEN_SHAPE;
    }
    if (value > MAX_FEN) return `不能超过${formatYuan(MAX_FEN)}元`;
    if (opts.positive && value === 0) return '必须大于0';
    if (opts.min !== undefined && value < opts.min) return `不能少于${opts.min}分（${formatYuan(opts.min)}元）`;
    return null;
  }
}

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
    if (!isCalendarDate(value)) return '请填写不晚于今天的有效日期';
    const today = todayInShanghai();
    return value > today ? `不能晚于今天（${today}）` : null;
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

/** A bank account number: 8 to 32 digits, spaces and hyphens allowed between them. */
export function IsBankAccount(options?: ValidationOptions): PropertyDecorator {
  return register('isBankAccount', IsBankAccountConstraint, options);
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
