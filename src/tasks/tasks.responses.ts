import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';

/** A staff to-do (待办) with what the queue shows of it. */
export class TaskView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  kind: string;

  @ApiProperty({ description: 'the kind in Chinese' })
  kindLabel: string;

  @ApiProperty({ description: 'closed by hand (POST /tasks/{id}/done), not by its process' })
  byHand: boolean;

  @ApiProperty()
  title: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    required: false,
    description: 'what to do about it, for the few kinds whose title is not enough',
  })
  body: string | null;

  @ApiProperty({ description: 'the role whose queue it is in' })
  role: string;

  @ApiProperty({ type: 'integer', nullable: true })
  assigneeId: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  assigneeName: string | null;

  @ApiProperty()
  assignedToMe: boolean;

  @ApiProperty({ type: 'string', nullable: true })
  township: string | null;

  @ApiProperty()
  subjectType: string;

  @ApiProperty({ type: 'integer' })
  subjectId: number;

  @ApiProperty({ type: 'string', format: 'date' })
  dueDate: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'while open; negative once past due' })
  daysLeft: number | null;

  @ApiProperty({ enum: ['open', 'done'] })
  status: 'open' | 'done';

  @ApiProperty()
  sourceKey: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  closedBy: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  closedByName: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  closeReason: string | null;
}

export const TaskPage = pageOf(TaskView, 'TaskPage');
