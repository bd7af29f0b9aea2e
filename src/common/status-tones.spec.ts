import { LABELS } from './labels.js';
import { tagClass, toneOf, TONES } from './status-tones.js';

describe('status tones', () => {
  it('mean the same across kinds: done is green, waiting amber, overdue or refused red, closed grey, under way blue', () => {
    expect(toneOf('claimStatus', 'paid')).toBe('ok');
    expect(toneOf('importStatus', 'completed')).toBe('ok');
    expect(toneOf('claimStatus', 'awaiting_approval')).toBe('wait');
    expect(toneOf('badge', 'due_soon')).toBe('wait');
    expect(toneOf('placementStatus', 'overdue')).toBe('bad');
    expect(toneOf('claimStatus', 'rejected')).toBe('bad');
    expect(toneOf('brokerStatus', 'suspended')).toBe('bad');
    expect(toneOf('caseStatus', 'closed')).toBe('neutral');
    expect(toneOf('caseStatus', 'open')).toBe('progress');
    expect(toneOf('importStatus', 'running')).toBe('progress');
  });

  it('give every status a labelled kind knows a tone, and name no status the labels do not', () => {
    for (const [kind, tones] of Object.entries(TONES)) {
      const labels = LABELS[kind];
      if (!labels) continue; // the console's own kinds (tasks, calendar loads)
      expect(Object.keys(tones).sort()).toEqual(Object.keys(labels).sort());
    }
  });

  it('is neutral for what it does not know, and yields the tag classes the layout styles', () => {
    expect(toneOf('claimStatus', 'no_such_status')).toBe('neutral');
    expect(toneOf('noSuchKind', 'paid')).toBe('neutral');
    expect(toneOf('claimStatus', undefined)).toBe('neutral');
    expect(tagClass('householdStatus', 'zero_employment')).toBe('tag tone-bad');
    expect(tagClass('householdStatus', 'employed')).toBe('tag tone-ok');
  });
});
