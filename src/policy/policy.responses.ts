import { ApiProperty } from '@nestjs/swagger';
import { POLICY_KEY_NAMES } from './policy-keys.js';

/** One dated value of one policy key (政策参数). */
export class PolicyValueView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer', nullable: true, description: "the county's own value; null: the default" })
  countyId: number | null;

  @ApiProperty({ enum: POLICY_KEY_NAMES })
  key: string;

  @ApiProperty({ type: 'integer', description: "whole number in the key's unit" })
  value: number;

  @ApiProperty({ type: 'string', format: 'date' })
  effectiveFrom: string;

  @ApiProperty({ description: 'a seed document or a statute article' })
  source: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

/** A policy value in the list, with its unit and the names of its county and author. */
export class ListedPolicyValueView extends PolicyValueView {
  @ApiProperty({ description: 'days, working days, months, fen, percent, years' })
  unit: string;

  @ApiProperty({ type: 'string', nullable: true })
  countyName: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  createdByName: string | null;
}

/** The value of every policy key in force on a day, with that day. */
export class PolicySnapshotView {
  @ApiProperty({ type: 'string', format: 'date' })
  asOf: string;

  // Every key, named in the schema so a missing one is caught.
  [key: string]: number | string;
}

for (const key of POLICY_KEY_NAMES)
  ApiProperty({ type: 'integer', description: 'the value in force' })(PolicySnapshotView.prototype, key);
