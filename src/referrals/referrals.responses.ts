import { ApiProperty } from '@nestjs/swagger';
import { BROKER_STATUSES } from '../registry/broker.entity.js';

class ReferralBroker {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: BROKER_STATUSES })
  status: string;
}

class ReferralWorker {
  @ApiProperty({ type: 'integer', required: false, description: 'staff only: a broker has no worker pages' })
  id?: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;
}

class ReferralClaim {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  number: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: 'string', nullable: true })
  lastReason: string | null;
}

class ReferralPayout {
  @ApiProperty({ type: 'string', format: 'date' })
  paidOn: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty()
  reference: string;
}

class TimelineStep {
  @ApiProperty({ description: 'referred, contract_signed, eligible, approved, paid…' })
  step: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'a date or a time; null for a step still awaited' })
  at: string | null;

  @ApiProperty({ required: false })
  detail?: string;

  @ApiProperty({ required: false, description: 'who decided (staff only)' })
  by?: string;
}

/** A referral and where its payout stands, with a timeline of its steps. */
export class ReferralView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ type: ReferralBroker })
  broker: ReferralBroker;

  @ApiProperty({ type: ReferralWorker })
  worker: ReferralWorker;

  @ApiProperty({ description: "the employer's name" })
  employer: string;

  @ApiProperty({ type: 'string', format: 'date' })
  startDate: string;

  @ApiProperty({ description: "paid, the claim's status, or the referral's stage" })
  status: string;

  @ApiProperty({ type: String, isArray: true, description: 'why it is not eligible' })
  reasons: string[];

  @ApiProperty({ type: 'integer', nullable: true, description: 'fen: paid, else claimed' })
  amountFen: number | null;

  @ApiProperty({ type: ReferralClaim, nullable: true })
  claim: ReferralClaim | null;

  @ApiProperty({ type: ReferralPayout, nullable: true })
  payout: ReferralPayout | null;

  @ApiProperty({ required: false, description: 'while the broker is suspended' })
  note?: string;

  @ApiProperty({ type: TimelineStep, isArray: true })
  timeline: TimelineStep[];
}

class ReferralTotals {
  @ApiProperty({ type: 'integer', description: 'fen' })
  paidFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  pendingFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  rejectedFen: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'referrals by status' })
  counts: Record<string, number>;
}

/** A broker's own referrals (at most 500) with their totals. */
export class MyReferrals {
  @ApiProperty({ type: ReferralView, isArray: true })
  items: ReferralView[];

  @ApiProperty({ type: ReferralTotals })
  totals: ReferralTotals;
}

/** A page of referrals with the totals of the page. */
export class ReferralPage extends MyReferrals {
  @ApiProperty({ type: 'integer' })
  page: number;

  @ApiProperty({ type: 'integer' })
  pageSize: number;
}
