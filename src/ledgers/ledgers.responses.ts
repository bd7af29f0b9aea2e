import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { LEDGER_KINDS } from './columns.js';
import { IMPORT_STATUSES } from './ledger.entity.js';

const ROW_ACTIONS = ['create', 'update', 'unchanged', 'reject'];
// A cell as uploaded: text, a number, a boolean or empty.
const CELL = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true };

class ImportCountsView {
  @ApiProperty({ type: 'integer' })
  created: number;

  @ApiProperty({ type: 'integer' })
  updated: number;

  @ApiProperty({ type: 'integer' })
  unchanged: number;

  @ApiProperty({ type: 'integer' })
  rejected: number;
}

class ImportProgress {
  @ApiProperty({ type: 'integer' })
  rowsDone: number;

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: 'integer' })
  errorsSoFar: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  percent: number;
}

/** A ledger import (台账导入): its preview counts, status and progress. */
export class ImportView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: LEDGER_KINDS })
  kind: string;

  @ApiProperty()
  kindLabel: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status: string;

  @ApiProperty()
  fileName: string;

  @ApiProperty({ enum: ['xlsx', 'csv'] })
  fileType: string;

  @ApiProperty({ type: 'integer', description: 'the row the headers were found on' })
  headerRow: number;

  @ApiProperty({ type: String, isArray: true, description: 'columns not of this kind, ignored' })
  ignoredColumns: string[];

  @ApiProperty({ type: 'integer', description: 'data rows in the file' })
  total: number;

  @ApiProperty({ type: ImportCountsView })
  preview: ImportCountsView;

  @ApiProperty({ type: ImportProgress })
  progress: ImportProgress;

  @ApiProperty({ type: ImportCountsView, description: 'what the import did so far' })
  result: ImportCountsView;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', description: 'a preview not confirmed by then is void' })
  expiresAt: string;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  confirmedBy: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, required: false })
  confirmedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, required: false })
  completedAt: string | null;

  @ApiProperty()
  expired: boolean;
}

/** An import with the names of who uploaded and who confirmed it. */
export class ImportListItem extends ImportView {
  @ApiProperty({ type: 'string', nullable: true })
  createdByName: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  confirmedByName: string | null;
}

export const ImportPage = pageOf(ImportListItem, 'ImportPage');

/** One row of the preview table: the cells by header as uploaded, what happens to it and why. */
export class ImportRowView {
  @ApiProperty({ type: 'integer', description: 'the row number as Excel shows it' })
  rowNo: number;

  @ApiProperty({ enum: ROW_ACTIONS })
  action: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'what the import did: created / updated / unchanged / rejected',
  })
  outcome: string | null;

  @ApiProperty({ type: String, isArray: true })
  reasons: string[];

  @ApiProperty({ type: String, isArray: true, description: 'fields that differ from the registry' })
  changes: string[];

  @ApiProperty({ type: 'object', additionalProperties: CELL, description: 'cells by header' })
  values: Record<string, string | number | boolean | null>;
}

export const ImportRowPage = pageOf(ImportRowView, 'ImportRowPage');

/** The answer to an upload: the import with the first 200 refused and updated rows. */
export class ImportPreview extends ImportView {
  @ApiProperty({ type: ImportRowView, isArray: true })
  rejectedRows: ImportRowView[];

  @ApiProperty({ type: ImportRowView, isArray: true })
  updatedRows: ImportRowView[];
}

class ReconciliationCounts {
  @ApiProperty({ type: 'integer' })
  ledgerRows: number;

  @ApiProperty({ type: 'integer' })
  systemWorkers: number;

  @ApiProperty({ type: 'integer' })
  matching: number;

  @ApiProperty({ type: 'integer' })
  notInSystem: number;

  @ApiProperty({ type: 'integer' })
  notInLedger: number;

  @ApiProperty({ type: 'integer' })
  differing: number;

  @ApiProperty({ type: 'integer' })
  invalid: number;
}

class NotInSystem {
  @ApiProperty({ type: 'integer' })
  rowNo: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'as in the ledger' })
  citizenId: string;

  @ApiProperty({ type: 'string', nullable: true })
  phone: string | null;
}

class NotInLedger {
  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;

  @ApiProperty({ description: 'masked' })
  phone: string;
}

class FieldDiffView {
  @ApiProperty()
  field: string;

  @ApiProperty({ type: 'string', nullable: true })
  ledger: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  system: string | null;
}

class Differing {
  @ApiProperty({ type: 'integer' })
  rowNo: number;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  name: string;

  @ApiProperty()
  citizenId: string;

  @ApiProperty({ type: FieldDiffView, isArray: true })
  differences: FieldDiffView[];
}

class InvalidRow {
  @ApiProperty({ type: 'integer' })
  rowNo: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, isArray: true })
  reasons: string[];
}

/** 卡表册人相符: a township ledger compared with the registry. */
export class ReconciliationView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty()
  fileName: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: ReconciliationCounts })
  counts: ReconciliationCounts;

  @ApiProperty({ type: NotInSystem, isArray: true })
  notInSystem: NotInSystem[];

  @ApiProperty({ type: NotInLedger, isArray: true })
  notInLedger: NotInLedger[];

  @ApiProperty({ type: Differing, isArray: true })
  differing: Differing[];

  @ApiProperty({ type: InvalidRow, isArray: true })
  invalid: InvalidRow[];
}

export const XLSX_FILE = { description: 'the workbook (.xlsx)', schema: { type: 'string', format: 'binary' } } as const;
