import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { BROKER_STATUSES, type BrokerStatus } from './broker.entity.js';
import { WORKER_CATEGORIES, type WorkerCategory } from './worker.entity.js';

/** A township as stored (src/registry/township.entity.ts). */
export class TownshipView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    required: false,
    description: 'the township station serving it; null: the county',
  })
  stationId: number | null;

  @ApiProperty({ type: 'integer', description: 'yearly labour-export target (persons)' })
  yearlyTarget: number;
}

/** Created, updated and version-stamped, as every register record. */
class Stamped {
  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer', description: 'send it back on a change (409 if someone changed it since)' })
  version: number;
}

/** A worker; ID and phone masked except on a caseworker's or admin's single read, the bank account always. */
export class WorkerView extends Stamped {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'citizen ID number, masked (230781********1234) where the reader may not see it' })
  citizenId: string;

  @ApiProperty({ type: 'string', format: 'date' })
  birthDate: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex: 'male' | 'female';

  @ApiProperty({ description: 'masked where the reader may not see it' })
  phone: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  officeId: number;

  @ApiProperty({ enum: WORKER_CATEGORIES, isArray: true })
  categories: WorkerCategory[];

  @ApiProperty({ type: String, isArray: true })
  skills: string[];

  @ApiProperty()
  notes: string;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  bankName: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false, description: 'masked: only the last four digits' })
  bankAccount: string | null;
}

/** A worker in the list, with whether they belong to a zero-employment household. */
export class WorkerListItem extends WorkerView {
  @ApiProperty()
  zeroEmploymentHousehold: boolean;
}

export const WorkerPage = pageOf(WorkerListItem, 'WorkerPage');

export class EmployerView extends Stamped {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'unified social credit code' })
  creditCode: string;

  @ApiProperty()
  region: string;

  @ApiProperty()
  contactName: string;

  @ApiProperty()
  contactPhone: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, required: false })
  agreementStart: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, required: false })
  agreementEnd: string | null;
}

export const EmployerPage = pageOf(EmployerView, 'EmployerPage');

/** A broker; ID and phone masked except on a caseworker's or admin's single read, the bank account always. */
export class BrokerView extends Stamped {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked where the reader may not see it' })
  citizenId: string;

  @ApiProperty({ description: 'masked where the reader may not see it' })
  phone: string;

  @ApiProperty()
  certificateNo: string;

  @ApiProperty({ enum: BROKER_STATUSES })
  status: BrokerStatus;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    required: false,
    description: 'the user account the broker logs in with',
  })
  userId: number | null;

  @ApiProperty({ type: 'string', nullable: true, required: false })
  bankName: string | null;

  @ApiProperty({ type: 'string', nullable: true, required: false, description: 'masked: only the last four digits' })
  bankAccount: string | null;
}

export const BrokerPage = pageOf(BrokerView, 'BrokerPage');

export class BrokerStatusChangeView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  brokerId: number;

  @ApiProperty({ enum: BROKER_STATUSES })
  status: BrokerStatus;

  @ApiProperty()
  reason: string;

  @ApiProperty({ type: 'string', format: 'date' })
  effectiveDate: string;

  @ApiProperty({ description: 'who changed it' })
  changedBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;
}

/** One broker with every change of its status. */
export class BrokerDetail extends BrokerView {
  @ApiProperty({ type: BrokerStatusChangeView, isArray: true })
  statusHistory: BrokerStatusChangeView[];
}
