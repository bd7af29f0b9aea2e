import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { ValidationErrors } from './common.errors.js';
import type { FieldProblem } from './errors.js';

/**
 * The Chinese reason of a class-validator constraint, by the constraint's name and its
 * arguments (e.g. `min` with 1 → 不能小于1). A decorator that names its own message gives it
 * in Chinese and it is used as written; the identity validators (src/identity/) give
 * their catalogue's reasons.
 */
const BY_CONSTRAINT: Record<string, (c: unknown[]) => string> = {
  isNotEmpty: () => '必填',
  isDefined: () => '必填',
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

function chineseReason(e: ValidationError, constraint: string, given: string): string {
  const meta = e.target
    ? getMetadataStorage()
        .getTargetValidationMetadatas(e.target.constructor, '', true, false)
        .find((m) => m.propertyName === e.property && (m.name ?? m.type) === constraint)
    : undefined;
  // Our own validators (the identity values) and decorators with a message of their own say it in Chinese already.
  if (meta?.message || (meta && !BY_CONSTRAINT[constraint])) return given;
  const missing = e.value === undefined || e.value === null || e.value === '';
  if (missing && constraint !== 'whitelistValidation') return '必填';
  return BY_CONSTRAINT[constraint]?.(meta?.constraints ?? []) ?? '填写有误';
}

/**
 * class-validator's errors as `{ field, reason }` in Chinese, nested fields as `a.b` and `a[0].b`;
 * `byConstraint` gives a page's own words for a constraint (the console's amounts are typed in 元).
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
    for (const [constraint, given] of Object.entries(e.constraints ?? {}))
      out.push({ field, reason: byConstraint[constraint] ?? chineseReason(e, constraint, given) });
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
      const problems = details.map((d) => `${d.field}：${d.reason}`).join('；');
      return ValidationErrors.FAILED({ problems }).withDetails(details);
    },
  });
}
