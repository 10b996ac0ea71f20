import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '@app/common';
import { GqlContext } from '../graphql/context';
import { IS_PUBLIC } from './public.decorator';

/** Nothing is readable anonymously but the operations marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
    if (ctx.authError) throw ctx.authError;
    if (!ctx.viewer) throw DomainError.unauthenticated('Sign in first');
    return true;
  }
}
