export * from './bank-account.js';
export * from './calendar-date.js';
export * from './citizen-id.js';
export * from './credit-code.js';
export * from './decorators.js';
export * from './fen.js';
export * from './phone.js';
export { toHalfWidth } from './text.js';
