import { Injectable, OnModuleInit } from '@nestjs/common';
import { classifyEnrollments } from '../ledgers/classify.js';
import { COLUMNS } from '../ledgers/columns.js';
import { LedgerKinds, ONE_ROW_PER_RECORD, type RowKind, TEMPLATE_ONE_ROW_PER_RECORD } from '../ledgers/ledger-kind.js';
import { checkEnrollmentRow, type EnrollmentRow } from '../ledgers/ledger-rows.js';
import { TrainingService } from './courses.service.js';

/** 培训报名台账: the training context's ledger kind; a row enrols a worker through the training service. */
@Injectable()
export class EnrollmentLedger implements OnModuleInit {
  constructor(
    private readonly kinds: LedgerKinds,
    private readonly training: TrainingService,
  ) {}

  readonly enrollments: RowKind<EnrollmentRow> = {
    kind: 'enrollments',
    applies: 'row',
    columns: COLUMNS.enrollments,
    keyLabel: '身份证号和培训班编号',
    onceRule: ONE_ROW_PER_RECORD,
    templateOnceRule: TEMPLATE_ONE_ROW_PER_RECORD,
    lockByKey: false,
    check: checkEnrollmentRow,
    classify: classifyEnrollments,
    applyRow: async (_row, _data, d) => {
      if (d.action !== 'create') return 'unchanged';
      await this.training.enroll(d.refs!.courseId!, d.refs!.workerId!);
      return 'created';
    },
  };

  onModuleInit(): void {
    this.kinds.register(this.enrollments);
  }
}
