import { ConfigError } from '../config/app-config.js';
import { PortInUseError } from '../embedded/ports.js';

/** Turns a start-up failure into one clear line and a non-zero exit, not a bare stack. */
export function exitWithReason(what: string) {
  return (err: unknown): never => {
    const known = err instanceof ConfigError || err instanceof PortInUseError;
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${what} could not start: ${msg}\n`);
    if (!known && process.env.DEBUG_STARTUP && err instanceof Error && err.stack)
      process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  };
}
