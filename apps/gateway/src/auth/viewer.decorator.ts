import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GqlContext } from '../graphql/context';
import { Viewer } from './viewer';

/** The signed-in viewer of a resolver (the AuthGuard has made sure there is one). */
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer => {
  return GqlExecutionContext.create(context).getContext<GqlContext>().viewer!;
});
