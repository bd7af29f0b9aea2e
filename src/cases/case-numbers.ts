import type { EntityManager } from 'typeorm';
import { nextNumber } from '../documents/numbering.js';

/** 案件编号: 维权〔2026〕12号, one series per year without gaps. */
export async function nextCaseNumber(m: EntityManager, year: number): Promise<string> {
  return `维权〔${year}〕${await nextNumber(m, 'case', year)}号`;
}
