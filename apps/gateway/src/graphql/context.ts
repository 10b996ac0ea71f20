import { DomainError } from '@app/common';
import { Viewer } from '../auth/viewer';
import { Loaders } from './loaders';

/** What every resolver sees, over HTTP and over WebSocket alike. */
export interface GqlContext {
  viewer: Viewer | null;
  /** Why a given token was refused; raised only by operations that need a viewer. */
  authError?: DomainError;
  /** The client's address, for per-address limits in the services. */
  address: string;
  transport: 'http' | 'ws';
  loaders: Loaders;
}
