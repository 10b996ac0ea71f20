import { DatabaseEnv } from '@app/common';

export class MessagingEnv extends DatabaseEnv {}
