/** Who made a request: the user and the session their access token belongs to. */
export interface Viewer {
  userId: string;
  sessionId: string;
}
