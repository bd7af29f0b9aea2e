/** Every workflow the worker runs; one file per long-running process (DESIGN.md). */
export { contractDeadline } from './contract-deadline.js';
