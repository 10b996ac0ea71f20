import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands every resolver error to GraphQL untouched, instead of Nest's default
 * handler that logs each as an error: the error formatter decides what is
 * the client's (domain errors) and what is a bug to log (everything else).
 */
@Catch()
export class PassThroughFilter implements GqlExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): unknown {
    return exception;
  }
}
