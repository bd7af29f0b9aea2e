import * as identity from './index.js';

describe('identity index', () => {
  it('re-exports the parsers, formatters and decorators', () => {
    for (const name of [
      'parseCitizenId',
      'citizenIdCheckDigit',
      'maskCitizenId',
      'ageOn',
      'parseCreditCode',
      'creditCodeCheckChar',
      'parsePhone',
      'maskPhone',
      'parseBankAccount',
      'maskBankAccount',
      'IsBankAccount',
      'isFen',
      'formatYuan',
      'IsCitizenId',
      'IsCreditCode',
      'IsMainlandMobile',
      'IsFen',
      'IsCalendarDate',
      'NotInFuture',
      'isCalendarDate',
      'todayInShanghai',
    ]) {
      expect(typeof (identity as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
