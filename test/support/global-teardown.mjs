// jest globalTeardown: runs in the same process as globalSetup, so the stack it
// stashed on globalThis is still there. Stops only what setup started itself.
export default async function globalTeardown() {
  const stack = globalThis.__STACK__;
  globalThis.__STACK__ = undefined;
  if (stack) await stack.stop();
}
