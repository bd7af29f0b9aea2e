import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../common/roles.decorator.js';
import { TaskDoneDto, TaskListQuery } from './tasks.dto.js';
import { TasksService } from './tasks.service.js';
import { TaskPage, TaskView } from './tasks.responses.js';

/** 待办: staff's to-dos raised by the processes (brokers have none). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('caseworker', 'finance', 'admin')
  @ApiOperation({
    summary:
      "The caller's tasks: ?queue=mine (assigned to them) | role (their role's queue) | all (both); ?township= narrows; open first, their own first, by due date; closed ones with who closed them and why",
  })
  @ApiOkResponse({ type: TaskPage })
  list(@Query() q: TaskListQuery, @CurrentActor() actor: Actor) {
    return this.tasks.list({
      userId: q.queue === 'role' ? undefined : actor.userId,
      role: q.queue === 'mine' ? undefined : actor.role,
      township: q.township,
      status: q.status,
      page: q.page,
      pageSize: q.pageSize,
    });
  }

  @Post(':id/done')
  @HttpCode(200)
  @Roles('caseworker', 'finance', 'admin')
  @ApiOperation({
    summary:
      'Close a plain to-do by hand (e.g. the trainee was told); a task that closes when its reason goes answers 409',
  })
  @ApiOkResponse({ type: TaskView })
  done(@Param('id', ParseIntPipe) id: number, @Body() dto: TaskDoneDto, @CurrentActor() actor: Actor) {
    return this.tasks.done(id, dto.note, actor);
  }
}
