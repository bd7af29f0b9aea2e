import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { ValidationErrors } from './common.errors.js';
import type { FieldProblem } from './errors.js';
import { fieldName } from './field-names.js';
import { intRangeProblems } from './input-guards.js';

/**
 * The Chinese reason of a class-validator constraint, by the constraint's name and its
 * arguments (e.g. `min` with 1 → 不能小于1). A decorator that names its own message gives it
 * in Chinese and it is used as written; the identity validators (src/identity/) give
 * their catalogue's reasons.
 */
const BY_CONSTRAINT: Record<string, (c: unknown[]) => string> = {
  isNotEmpty: () => '请填写此项',
  isDefined: () => '请填写此项',
  isString: () => '须为文字',
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isBoolean: () => '请选择是或否',
  isIn: () => '请从列表中选择',
  isEnum: () => '请从列表中选择',
  isArray: () => '须为一组选项',
  isUrl: () => '须为网址',
  min: (c) => `不能小于${String(c[0])}`,
  max: (c) => `不能大于${String(c[0])}`,
  isLength: (c) => (c[1] === undefined ? `至少${String(c[0])}个字` : `须为${String(c[0])}至${String(c[1])}个字`),
  minLength: (c) => `至少${String(c[0])}个字`,
  maxLength: (c) => `最多${String(c[0])}个字`,
  matches: () => '格式不正确',
  arrayMinSize: (c) => `至少选择${String(c[0])}项`,
  arrayMaxSize: (c) => `最多选择${String(c[0])}项`,
  arrayNotEmpty: () => '至少选择一项',
  nestedValidation: () => '格式不正确',
  whitelistValidation: () => '没有这一项，不能填写',
};

/** The constraints the API gives Chinese reasons for by name (the unit spec checks every DTO uses only these or a message of its own). */
export const KNOWN_CONSTRAINTS: ReadonlySet<string> = new Set(Object.keys(BY_CONSTRAINT));

/** The words a decorator gives for a failed constraint, or the catalogue's by the constraint's name. */
function chineseReason(e: ValidationError, constraint: string, given: string): string {
  const meta = e.target
    ? getMetadataStorage()
        .getTargetValidationMetadatas(e.target.constructor, '', true, false)
        .find((m) => m.propertyName === e.property && (m.name ?? m.type) === constraint)
    : undefined;
  // Our own validators (the identity values) and decorators with a message of their own say it in Chinese already.
  if (meta?.message || (meta && !BY_CONSTRAINT[constraint])) return given;
  return BY_CONSTRAINT[constraint]?.(meta?.constraints ?? []) ?? '填写有误';
}

/** Constraints of a field filled by choosing (a list, yes or no, a record picked by id): an empty one asks 请选择. */
const CHOSEN = new Set(['isIn', 'isEnum', 'isBoolean', 'isArray', 'arrayNotEmpty', 'arrayMinSize']);

/** Nothing was given: absent, blank or an empty list. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && !v.length);
}

/**
 * The one reason for an empty required field: asked for by its name, never with the length or
 * format rule it has not reached (请填写姓名, 请选择所在机构). A field the catalogue does not name
 * keeps its decorator's own words that ask for it, without the rule they go on to state.
 */
function requiredReason(e: ValidationError, reasons: [string, string][]): string {
  const asking = reasons.find(([, r]) => /^请(填写|选择)/.test(r))?.[1];
  const chosen =
    asking?.startsWith('请选择') ||
    reasons.some(([c]) => CHOSEN.has(c)) ||
    (/Ids?$/.test(e.property) && !!e.constraints?.isInt);
  const name = fieldName(e.target?.constructor?.name, e.property);
  if (!name && asking) return asking.replace(/[（(：:，,].*$/, '');
  return `${chosen ? '请选择' : '请填写'}${name ?? '此项'}`;
}

/**
 * class-validator's errors as `{ field, reason }` in Chinese, nested fields as `a.b` and `a[0].b`;
 * `byConstraint` gives a page's own words for a constraint (the console's amounts are typed in 元).
 * One reason per field: an empty field is asked for, otherwise the first rule (as the DTO
 * declares them, top down) it breaks — not the same advice once per rule.
 */
export function fieldProblems(
  errors: ValidationError[],
  prefix = '',
  byConstraint: Record<string, string> = {},
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    // class-validator lists a property's constraints bottom-up (decorators apply from the last): reversed, they read as written.
    const reasons: [string, string][] = Object.entries(e.constraints ?? {})
      .reverse()
      .map(([c, given]) => [c, byConstraint[c] ?? chineseReason(e, c, given)]);
    const refused = reasons.filter(([c]) => c !== 'whitelistValidation');
    if (refused.length && isEmpty(e.value)) out.push({ field, reason: requiredReason(e, refused) });
    else if (reasons.length) out.push({ field, reason: reasons[0][1] });
    if (e.children?.length) out.push(...fieldProblems(e.children, field, byConstraint));
  }
  return out;
}

/**
 * The global validation pipe: unknown fields are rejected (not dropped), values are
 * converted to their declared types, and every problem is reported as `{ field, reason }`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => {
      const details = fieldProblems(errors);
      // What the checks after validation would refuse (blank text, integers Postgres cannot hold)
      // goes in the same answer: a form refused for its phone must not be refused again, once
      // that is fixed, for a blank township.
      const target = errors.find((e) => e.target)?.target;
      const named = new Set(details.map((d) => d.field));
      for (const p of target ? intRangeProblems(target) : []) if (!named.has(p.field)) details.push(p);
      const problems = details.map((d) => `${d.field}：${d.reason}`).join('；');
      return ValidationErrors.FAILED({ problems }).withDetails(details);
    },
  });
}
