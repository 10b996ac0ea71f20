import { DatabaseEnv } from '@app/common';

export class PaymentsEnv extends DatabaseEnv {}
