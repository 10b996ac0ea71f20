/** One SMS carrying a login code. */
export interface SmsMessage {
  /** E.164, e.g. +989121234567. */
  to: string;
  text: string;
  code: string;
}

/** Where login codes go: a file in development, an SMS gateway in production. */
export abstract class SmsProvider {
  abstract send(message: SmsMessage): Promise<void>;
}

/** The provider could not take the message; the code is withdrawn so the user may ask again at once. */
export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SmsDeliveryError';
  }
}

export function loginCodeText(code: string): string {
  return `کد ورود شما: ${code}\nاین کد را به هیچ‌کس ندهید.`;
}
