import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Marks the few operations anyone may call: the sign-in mutations. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
