import { ApiProperty } from '@nestjs/swagger';

class PartHealth {
  @ApiProperty()
  up: boolean;

  @ApiProperty({ required: false, description: 'why it does not answer' })
  error?: string;
}

/** Postgres and Temporal, each up or down (answered 503 when one is down). */
export class ReadinessView {
  @ApiProperty({ enum: ['up', 'down'] })
  status: string;

  @ApiProperty({ type: String, isArray: true, required: false, description: 'the parts that are down' })
  down?: string[];

  @ApiProperty({ type: PartHealth })
  postgres: PartHealth;

  @ApiProperty({ type: PartHealth })
  temporal: PartHealth;
}

export class LivenessView {
  @ApiProperty({ enum: ['up'] })
  status: string;
}
