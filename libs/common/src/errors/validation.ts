import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from './domain-error';

function firstError(errors: ValidationError[], prefix = ''): { field: string; message: string } {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) return { field, message: Object.values(error.constraints)[0] };
    if (error.children?.length) return firstError(error.children, field);
  }
  return { field: prefix || 'input', message: 'invalid input' };
}

/** The one validation pipe of every service and of the gateway: failures are BAD_USER_INPUT naming the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const { field, message } = firstError(errors);
      return DomainError.badInput(field, message);
    },
  });
}
