/**
 * A background job of one service copy: runs `pass` every `intervalMs` and
 * whenever poke() is called, never two passes at once. A poke during a pass
 * runs one more pass right after it, so work that arrived mid-pass is not
 * left for the next tick (with `skipBusyTicks`, a timer tick during a pass is
 * dropped instead: the pass is long and the next tick will do). stop() waits
 * for the pass in progress; a pass checks `stopped` to end early. A pass that
 * throws goes to `onError`; the next tick runs as usual.
 */
export class BackgroundLoop {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private halted = false;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly options: { skipBusyTicks?: boolean } = {},
  ) {}

  get stopped(): boolean {
    return this.halted;
  }

  /** Starts the timer (the first pass comes after one interval, or at a poke). */
  start(): void {
    if (this.halted || this.timer) return;
    this.timer = setInterval(() => (this.options.skipBusyTicks && this.running ? undefined : this.poke()), this.intervalMs);
    this.timer.unref();
  }

  /** Runs a pass now, or once more after the one in progress. */
  poke(): void {
    if (this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then(() => undefined, this.onError)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  async stop(): Promise<void> {
    this.halted = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
