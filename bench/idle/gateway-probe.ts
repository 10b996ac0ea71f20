// The gateway's memory as the bench reads it: RSS from /proc, and the V8 heap
// through the inspector (the gateway runs with --inspect on a loopback port),
// after asking V8 for full garbage collections until the heap stops shrinking.
import fs from 'node:fs';
import WebSocket from 'ws';

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export class GatewayProbe {
  private seq = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly ws: WebSocket,
    private readonly pid: number,
  ) {
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: unknown };
      if (msg.id === undefined) return;
      const done = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      done?.(msg.error ? Promise.reject(new Error(JSON.stringify(msg.error))) : msg.result);
    });
  }

  static async connect(inspectPort: number, pid: number): Promise<GatewayProbe> {
    const list = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const ws = new WebSocket(list[0].webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new GatewayProbe(ws, pid);
  }

  private call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (r: unknown) => void);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Full collections until the heap stops shrinking, then RSS and the heap's figures. */
  async settled(): Promise<Memory> {
    let last = Infinity;
    for (let i = 0; i < 10; i++) {
      await this.call('HeapProfiler.collectGarbage');
      await new Promise((r) => setTimeout(r, 300));
      const { heapUsed } = await this.usage();
      if (heapUsed > last * 0.995) break;
      last = heapUsed;
    }
    await new Promise((r) => setTimeout(r, 500));
    const usage = await this.usage();
    return { ...usage, rss: rssOf(this.pid) };
  }

  private async usage(): Promise<Omit<Memory, 'rss'>> {
    const { result } = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    return JSON.parse(result.value) as Omit<Memory, 'rss'>;
  }

  /** A V8 heap snapshot of the gateway into `file` (for Chrome DevTools' Memory tab). */
  async snapshot(file: string): Promise<void> {
    const out = fs.createWriteStream(file);
    const onChunk = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(String(raw)) as { method?: string; params?: { chunk: string } };
      if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(msg.params!.chunk);
    };
    this.ws.on('message', onChunk);
    await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    this.ws.off('message', onChunk);
    await new Promise((resolve) => out.end(resolve));
  }

  close(): void {
    this.ws.close();
  }
}

/** Resident set size of a process in bytes (/proc, Linux). */
export function rssOf(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** The soft limit on open files of a process (/proc, Linux). */
export function openFilesLimit(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'))!;
  return Number(line.split(/\s{2,}/)[1]);
}
