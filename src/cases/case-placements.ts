import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a case needs to know of the placement it is about (its worker, and for 未签合同 the double-wage facts). */
export interface CasePlacement {
  workerId: number;
  startDate: string;
  monthlyWageFen: number;
  endDate: string | null;
  /** The signing date of its contract, if one was signed. */
  signedOn: string | null;
}

export type CasePlacementLookup = (placementId: number, m: EntityManager) => Promise<CasePlacement | null>;

/**
 * A port: placements build on cases (an overdue contract opens one), so cases cannot import them
 * back; the placements context answers this when the application starts.
 */
@Injectable()
export class CasePlacements {
  #lookup?: CasePlacementLookup;

  answerWith(lookup: CasePlacementLookup): void {
    this.#lookup = lookup;
  }

  of(placementId: number, m: EntityManager): Promise<CasePlacement | null> {
    if (!this.#lookup) throw new Error('no placements context answers CasePlacements in this process');
    return this.#lookup(placementId, m);
  }
}
