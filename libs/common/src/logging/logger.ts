import pino, { Logger } from 'pino';
import { requestContext } from '../context/request-context';

/**
 * One JSON logger per process. Every line carries the service name and, inside
 * a request, its correlation id, so one request can be followed across the
 * gateway and every service it touched.
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = requestContext.get();
      return ctx ? { correlationId: ctx.correlationId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {};
    },
  });
}
