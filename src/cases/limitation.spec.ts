import { limitationOf } from './limitation.js';

const open = (limitationEndsOn: string, stage = 'mediation') => ({ status: 'open', stage, limitationEndsOn });

describe('the one-year limitation on a day', () => {
  it('is running with more than 30 days left, warned with 30 or fewer, and still warned on its last day', () => {
    expect(limitationOf(open('2027-03-15'), '2027-02-12')).toEqual({
      status: 'running',
      daysLeft: 31,
      expiredOn: null,
    });
    expect(limitationOf(open('2027-03-15'), '2027-02-13')).toEqual({ status: 'warned', daysLeft: 30, expiredOn: null });
    expect(limitationOf(open('2027-03-15'), '2027-03-15')).toEqual({ status: 'warned', daysLeft: 0, expiredOn: null });
  });

  it('has expired, with its date, from the day after its last day: not the same as warned', () => {
    expect(limitationOf(open('2027-03-15'), '2027-03-16')).toEqual({
      status: 'expired',
      daysLeft: -1,
      expiredOn: '2027-03-15',
    });
  });

  it('no longer threatens once arbitration was applied for, and is not flagged on a closed case', () => {
    expect(limitationOf(open('2027-03-15', 'arbitration_pending'), '2027-04-01').status).toBe('arbitration');
    expect(
      limitationOf({ status: 'closed', stage: 'closed', limitationEndsOn: '2027-03-15' }, '2027-04-01').status,
    ).toBe('none');
  });
});
