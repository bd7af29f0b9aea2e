import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, type Observable, switchMap } from 'rxjs';
import { CONSOLE_KEY } from '../auth/console-session.js';
import { CasesService } from '../cases/cases.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import type { ConsoleRequest } from './console-http.js';
import type { NavCounts } from './views.js';

/**
 * Counts for the navigation, one cheap query each, before a console page renders (GET only: a
 * POST redirects, or re-renders a form whose navigation may go without them).
 */
@Injectable()
export class NavCountsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly tasks: TasksService,
    private readonly cases: CasesService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const isConsole = this.reflector.getAllAndOverride<boolean>(CONSOLE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!isConsole || req.method !== 'GET' || !req.actor) return next.handle();
    return from(this.#counts(req)).pipe(
      switchMap((counts) => {
        req.navCounts = counts;
        return next.handle();
      }),
    );
  }

  async #counts(req: ConsoleRequest): Promise<NavCounts> {
    const { role } = req.actor;
    if (role !== 'admin' && role !== 'caseworker' && role !== 'finance') return {};
    const [tasks, cases] = await Promise.all([
      this.tasks.countOpen(req.actor.userId, role),
      role === 'finance' ? undefined : this.cases.countDueSoon(req.actor),
    ]);
    return { tasks, cases };
  }
}
