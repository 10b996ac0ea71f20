import pino, { Logger } from 'pino';
import { requestContext } from '../context/request-context';
import { censor, REDACT_PATHS, serializeError } from './redaction';

/**
 * One JSON logger per process. Every line carries the service name and, inside
 * a request, its correlation id, so one request can be followed across the
 * gateway and every service it touched.
 */
export function createLogger(service: string, level = 'info', file = ''): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    // Nothing private in logs (see redaction.ts): secrets by name, errors by shape.
    redact: { paths: REDACT_PATHS, censor },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = requestContext.get();
      return ctx ? { correlationId: ctx.correlationId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {};
    },
  };
  // LOG_FILE: lines appended to a file (tests read them back) rather than written to stdout.
  return file ? pino(options, pino.destination({ dest: file, append: true, sync: true })) : pino(options);
}
