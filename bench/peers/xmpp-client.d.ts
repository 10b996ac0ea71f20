// The part of @xmpp/client (which ships no types) that bench/peers uses.
declare module '@xmpp/client' {
  import { Socket } from 'node:net';

  export interface Element {
    is(name: string): boolean;
    getChildText(name: string): string | null;
    attrs: Record<string, string>;
  }
  export interface XmppClient {
    on(event: 'stanza', listener: (stanza: Element) => void): void;
    on(event: 'error', listener: (err: Error) => void): void;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: Element): Promise<void>;
    socket?: Socket;
  }
  export function client(options: { service: string; domain: string; username: string; password: string; resource?: string }): XmppClient;
  export function xml(name: string, attrs?: Record<string, string>, ...children: (Element | string)[]): Element;
}
