// The platform through its public API, as the comparison asks: the
// sender's `sendMessage` mutation over its own WebSocket (graphql-ws), the
// receiver's `updates` subscription selecting `... on MessageAdded { message { text } }`.
import { randomUUID } from 'node:crypto';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Peer, sleep } from './harness';
import { BenchStack, gql, Party, signUp } from '../support/stack';

const SEND = 'mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }';
const UPDATES = 'subscription { updates { __typename ... on MessageAdded { message { text } } } }';

interface PairSpec {
  sender: Party;
  conversationId: string;
  senderSocket?: Client;
  receiverSocket?: Client;
}

let closing = false;

function connect(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => resolve(client),
        error: reject,
        closed: (e) => {
          if (!closing) console.error(`socket closed: ${(e as { code?: number }).code}`);
        },
      },
    });
  });
}

export class PlatformPeer implements Peer {
  readonly name = 'platform';
  private pairs: PairSpec[] = [];
  private receivers: Party[] = [];

  constructor(private readonly stack: BenchStack) {}

  /** Signs up two users per pair and starts each pair's direct conversation, before any timing. */
  async prepare(pairs: number): Promise<void> {
    for (let p = 0; p < pairs; p++) {
      const sender = await signUp(this.stack, 2 * p);
      const receiver = await signUp(this.stack, 2 * p + 1);
      const data = await gql<{ startDirectConversation: { id: string } }>(
        this.stack.gatewayUrl,
        'mutation($u:ID!){ startDirectConversation(userId:$u){ id } }',
        { u: receiver.userId },
        sender.token,
      );
      this.pairs.push({ sender, conversationId: data.startDirectConversation.id });
      this.receivers.push(receiver);
    }
  }

  async open(pairs: number, deliver: (pair: number, text: string) => void): Promise<void> {
    for (let p = 0; p < pairs; p++) {
      const spec = this.pairs[p];
      // With several gateway copies, a pair's two people are on different ones, as they would be anywhere.
      const urls = this.stack.gatewayUrls;
      spec.senderSocket = await connect(urls[p % urls.length], spec.sender.token);
      spec.receiverSocket = await connect(urls[(p + 1) % urls.length], this.receivers[p].token);
      spec.receiverSocket.subscribe<{ updates: { __typename: string; message?: { text: string } } }>(
        { query: UPDATES },
        {
          next: ({ data }) => {
            const text = data?.updates.message?.text;
            if (data?.updates.__typename === 'MessageAdded' && text !== undefined) deliver(p, text);
          },
          error: (err) => console.error('updates failed:', err),
          complete: () => undefined,
        },
      );
    }
    // The subscriptions are live once the gateway has had a round trip to listen.
    await sleep(300);
  }

  send(pair: number, text: string, fail: (reason: unknown) => void): void {
    const spec = this.pairs[pair];
    const variables = { i: { conversationId: spec.conversationId, clientId: randomUUID(), text } };
    spec.senderSocket!.subscribe(
      { query: SEND, variables },
      {
        next: ({ errors }) => {
          if (errors) fail(errors);
        },
        error: fail,
        complete: () => undefined,
      },
    );
  }

  async close(): Promise<void> {
    closing = true;
    await Promise.all(this.pairs.flatMap((p) => [p.senderSocket?.dispose(), p.receiverSocket?.dispose()]));
  }
}
