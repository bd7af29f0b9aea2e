import type { EntityManager } from 'typeorm';
import { nextNumber } from '../documents/numbering.js';

/** 案件编号: 维权〔2026〕12号, one series per county per year without gaps. */
export async function nextCaseNumber(m: EntityManager, countyId: number, year: number): Promise<string> {
  return `维权〔${year}〕${await nextNumber(m, countyId, 'case', year)}号`;
}
