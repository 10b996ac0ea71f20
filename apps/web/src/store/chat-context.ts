import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatStore } from './chat-store';

/** The signed-in user's chat store; provided by the app shell for as long as they are signed in. */
export const ChatContext = createContext<ChatStore | null>(null);

export function useChatStore(): ChatStore {
  return useContext(ChatContext)!;
}

/** Re-renders the caller on every change of the store; returns the store's version. */
export function useChat(store: ChatStore): number {
  return useSyncExternalStore(store.subscribe, store.getVersion);
}
