import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../common/request-context.js';

/** The logged-in user, as the guard resolved it. */
export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor,
);
