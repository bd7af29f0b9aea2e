import { maskBankAccount, parseBankAccount } from './bank-account.js';

describe('parseBankAccount', () => {
  it.each([
    ['6228480402564890018', '6228480402564890018'],
    ['6228 4804 0256 4890 018', '6228480402564890018'],
    ['６２２８-４８０４-０２５６-４８９０', '6228480402564890'],
    ['21050162000800001234', '21050162000800001234'],
  ])('accepts %s', (raw, digits) => {
    expect(parseBankAccount(raw)).toEqual({ ok: true, account: digits });
  });

  it.each([
    ['', 'BANK_ACCOUNT.EMPTY'],
    ['   ', 'BANK_ACCOUNT.EMPTY'],
    ['6228A48040256489', 'BANK_ACCOUNT.CHARACTERS'],
    ['1234567', 'BANK_ACCOUNT.LENGTH'],
    ['1'.repeat(33), 'BANK_ACCOUNT.LENGTH'],
  ])('refuses %j as %s', (raw, code) => {
    const r = parseBankAccount(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('says how many digits it found', () => {
    const r = parseBankAccount('1234567');
    expect(!r.ok && r.error.message).toBe('银行账号应为8至32位数字，现在是7位');
  });
});

describe('maskBankAccount', () => {
  it('keeps only the last four digits', () => {
    expect(maskBankAccount('6228480402564890018')).toBe('***************0018');
    expect(maskBankAccount('6228 4804 0256 4890')).toBe('************4890');
  });
  it('masks anything that is not an account completely', () => {
    expect(maskBankAccount('abc')).toBe('********');
  });
});
