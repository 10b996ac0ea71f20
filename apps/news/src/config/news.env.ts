import { DatabaseEnv } from '@app/common';

export class NewsEnv extends DatabaseEnv {}
