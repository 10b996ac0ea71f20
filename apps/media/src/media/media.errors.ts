import { DomainError } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { RejectReason } from './media.rules';

export function rejected(reason: RejectReason, message: string): DomainError {
  return new DomainError(ErrorCode.MediaRejected, message, { reason });
}

export function incomplete(received: number): DomainError {
  return new DomainError(ErrorCode.UploadIncomplete, 'Not every byte of the upload has arrived', { received });
}
