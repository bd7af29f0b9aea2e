import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from './errors.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    for (const reason of Object.values(e.constraints ?? {})) {
      // whitelist errors read "property x should not exist": say it plainly.
      out.push({
        field,
        reason: reason.startsWith(`property ${e.property} should not exist`)
          ? 'is not a known field'
          : reason.replace(new RegExp(`^${e.property}\\s+`), ''),
      });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
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
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({ message: details.map((d) => `${d.field}: ${d.reason}`).join('; '), details });
    },
  });
}
