import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ValidationErrors } from './common.errors.js';
import type { FieldProblem } from './errors.js';
import { fieldName } from './field-names.js';

/** Postgres `integer`, the type of every id, count and amount column. */
export const INT4_MAX = 2_147_483_647;
const INT4_MIN = -2_147_483_648;

/** Deeper than any form or DTO of ours nests; far below where a recursive transform overflows the stack. */
export const MAX_DEPTH = 16;

/** A path parameter naming a record: `id`, `workerId`, `attachmentId`, … */
const ID_PARAM = /^(id|[a-z][A-Za-z]*Id)$/;

const NUL_REASON = '含有空字符等不能保存的控制字符，请删除后重试';
const DEPTH_REASON = `层次太深（最多${MAX_DEPTH}层）`;
export const ID_REASON = `须为1至${INT4_MAX}之间的整数编号`;
export const INT_RANGE_REASON = `须在${INT4_MIN}至${INT4_MAX}之间`;
export const NULL_REASON = '不能为空（不修改这一项时请不要传它）';

/** What @nestjs/swagger keeps per property (ApiProperty): whether the API says null is a value. */
const API_PROPERTY = 'swagger/apiModelProperties';

function refuse(problems: FieldProblem[]): never {
  throw ValidationErrors.FAILED({ problems: problems.map((p) => `${p.field}：${p.reason}`).join('；') }).withDetails(
    problems,
  );
}

const join = (prefix: string, key: string | number) =>
  typeof key === 'number' || /^\d+$/.test(key) ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;

/**
 * What in a request value Postgres or the transform cannot take: text with a NUL character
 * (Postgres refuses it in every text column) and nesting deeper than {@link MAX_DEPTH}. Walked
 * with an explicit stack, so a hostile 10,000-level body cannot overflow this check itself.
 */
export function rawInputProblems(value: unknown, root: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) out.push({ field: path || root, reason: NUL_REASON });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      out.push({ field: path || root, reason: DEPTH_REASON });
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k.includes('\u0000')) out.push({ field: path || root, reason: NUL_REASON });
      stack.push({ v: child, path: join(path, k), depth: depth + 1 });
    }
  }
  return out.slice(0, 20);
}

/**
 * Runs before validation on every body, query and path parameter: refuses NUL characters and
 * over-deep nesting with the field named, and a record id in the path that is not a whole
 * number Postgres can hold — so none of these reaches the database as a server error.
 */
@Injectable()
export class RawInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.data ?? '';
    const problems = rawInputProblems(value, root);
    if (metadata.type === 'param' && metadata.data && ID_PARAM.test(metadata.data) && !isRecordId(value))
      problems.push({ field: metadata.data, reason: ID_REASON });
    if (problems.length) refuse(problems);
    return value;
  }
}

/** A path id as typed: 1 to INT4_MAX, digits only (no sign, no exponent, no leading zeros to hide length). */
export function isRecordId(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= INT4_MAX;
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= INT4_MAX;
}

/** A DTO's fields with `@IsInt`, and its text fields with a minimum length of at least one. */
interface FieldRules {
  ints: ReadonlySet<string>;
  texts: ReadonlySet<string>;
}

/** Per DTO class: class-validator walks every class's rules for each lookup, so its answer is kept. */
const FIELD_RULES = new WeakMap<object, FieldRules>();
function fieldRules(ctor: new () => object): FieldRules {
  let rules = FIELD_RULES.get(ctor);
  if (!rules) {
    const metas = getMetadataStorage().getTargetValidationMetadatas(ctor, '', true, false);
    rules = {
      ints: new Set(metas.filter((m) => m.name === 'isInt').map((m) => m.propertyName)),
      texts: new Set(
        metas
          .filter((m) => (m.name === 'isLength' || m.name === 'minLength') && Number(m.constraints?.[0]) >= 1)
          .map((m) => m.propertyName),
      ),
    };
    FIELD_RULES.set(ctor, rules);
  }
  return rules;
}

const blankReason = (ctor: new () => object, k: string) => `请填写${fieldName(ctor.name, k) ?? '此项'}（不能只有空格）`;

/**
 * Nulls the DTO does not declare nullable, text of spaces only where a length rule asks for some, and whole numbers it declares with `@IsInt` that Postgres' `integer` cannot hold
 * (`2147483648`, `1e300`): class-validator accepts them as integers, the database does not.
 * Walks nested DTOs and arrays of them; `each` integers are checked one by one.
 */
export function intRangeProblems(dto: unknown, prefix = ''): FieldProblem[] {
  if (dto === null || typeof dto !== 'object') return [];
  if (Array.isArray(dto)) return dto.flatMap((d, i) => intRangeProblems(d, join(prefix, i)));
  // Only DTO instances carry rules: a plain object (a query without a DTO has no prototype at all) has none.
  const ctor = (dto as object).constructor as (new () => object) | undefined;
  if (typeof ctor !== 'function' || ctor === Object || ctor === Date) return [];
  const { ints, texts } = fieldRules(ctor);
  const out: FieldProblem[] = [];
  for (const [k, v] of Object.entries(dto)) {
    const field = join(prefix, k);
    const outside = (n: unknown) => typeof n === 'number' && (n > INT4_MAX || n < INT4_MIN);
    if (ints.has(k) && (Array.isArray(v) ? v.some(outside) : outside(v))) out.push({ field, reason: INT_RANGE_REASON });
    // A length rule counts spaces: "  " passes @Length(2, …) and would be stored empty once trimmed.
    else if (texts.has(k) && typeof v === 'string' && v.trim() === '')
      out.push({ field, reason: blankReason(ctor, k) });
    // @IsOptional lets null past every rule: unless the API declares null a value (to clear it),
    // it would reach a NOT NULL column or code expecting text.
    else if (v === null && !(Reflect.getMetadata(API_PROPERTY, ctor.prototype, k) as { nullable?: boolean })?.nullable)
      out.push({ field, reason: NULL_REASON });
    else if (v && typeof v === 'object') out.push(...intRangeProblems(v, field));
  }
  return out;
}

/** Runs after validation: the DTO's integers fit the database and its required text is not blank, or the request is refused naming them. */
@Injectable()
export class IntRangePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems = intRangeProblems(value);
    if (problems.length) refuse(problems);
    return value;
  }
}
