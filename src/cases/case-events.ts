/** What a case tells the contexts that opened it (a contact-card request), in its own transaction. */
declare module '../common/events.js' {
  interface DomainEvents {
    /** The worker was told the case is accepted (受理告知) by `by`. */
    'case.acknowledged': { caseId: number; by: string };
  }
}
export {};
