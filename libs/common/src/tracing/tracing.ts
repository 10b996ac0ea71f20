import fs from 'node:fs';
import crypto from 'node:crypto';
import { Context, context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { ExportResult, ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { MsgHdrs } from 'nats';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/** Where spans go: an OTLP/HTTP collector, a JSON-lines file, both, or nowhere (context still travels). */
export interface TracingOptions {
  otlpEndpoint?: string;
  file?: string;
}

/** Appends each finished span as one JSON line (the local stack's traces without a collector). */
class FileSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const lines = spans.map((s) =>
      JSON.stringify({
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        name: s.name,
        kind: SpanKind[s.kind],
        service: s.resource.attributes['service.name'],
        start: new Date(s.startTime[0] * 1000 + s.startTime[1] / 1e6).toISOString(),
        durationMs: s.duration[0] * 1000 + s.duration[1] / 1e6,
        status: SpanStatusCode[s.status.code],
        attributes: s.attributes,
      }),
    );
    fs.appendFile(this.file, lines.map((l) => `${l}\n`).join(''), (err) =>
      done({ code: err ? ExportResultCode.FAILED : ExportResultCode.SUCCESS, error: err ?? undefined }),
    );
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let started = false;
/** Whether this process records spans (an exporter is set); without one, calls only carry the trace context on. */
let recording = false;

/**
 * OpenTelemetry for this process, once (the test harness runs several apps in
 * one process: the first names it). W3C trace context is carried in NATS
 * headers (traceparent) beside the correlation id, by RpcClient, the service
 * handlers, and JetStream events.
 */
export function startTracing(service: string, options: TracingOptions): void {
  if (started) return;
  started = true;
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (options.file) processors.push(new BatchSpanProcessor(new FileSpanExporter(options.file), { scheduledDelayMillis: 200 }));
  if (!processors.length) {
    // Nothing would export a span: record none (each cost CPU on every NATS hop, bench/peers), but carry the
    // caller's trace context on, so that a process that does export places its spans in the same trace.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    return;
  }
  recording = true;
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: processors });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  process.once('beforeExit', () => void provider.shutdown());
}

const tracer = () => trace.getTracer('superapp');

const headerSetter = { set: (h: MsgHdrs, key: string, value: string) => h.set(key, value) };
const headerGetter = {
  get: (h: MsgHdrs | undefined, key: string) => h?.get(key) || undefined,
  keys: (h: MsgHdrs | undefined) => (h ? h.keys() : []),
};

/**
 * The context a NATS call starts from: the active span's, or, when there is
 * none (the gateway's GraphQL requests), one whose trace id is derived from
 * the correlation id, so every hop of one request shares a trace.
 */
function callerContext(correlationId: string | undefined): Context {
  const active = context.active();
  if (trace.getSpan(active) || !correlationId) return active;
  const digest = sha256Hex(correlationId);
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: digest.slice(0, 32),
    spanId: digest.slice(32, 48),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/** Runs `fn` in a span of `kind` started under `parent`, ending it with fn's outcome. */
async function inSpan<T>(name: string, kind: SpanKind, parent: Context, fn: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, { kind, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': name } }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String((err as { code?: string })?.code ?? (err as Error)?.name) });
    throw err;
  } finally {
    span.end();
  }
}

/** crypto.hash (one call, no Hash object: a per-request cost in the gateway) where Node has it. */
const oneShotHash = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
function sha256Hex(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/** A NATS request or publish: a client/producer span whose context goes out in `headers`. */
export function tracedSend<T>(
  subject: string,
  headers: MsgHdrs,
  correlationId: string | undefined,
  fn: () => Promise<T>,
  kind = SpanKind.CLIENT,
) {
  if (!recording) {
    // What a span that is not recorded would carry: the caller's context, as it is (no span, no context switch).
    propagation.inject(callerContext(correlationId), headers, headerSetter);
    return fn();
  }
  return inSpan(subject, kind, callerContext(correlationId), async () => {
    propagation.inject(context.active(), headers, headerSetter);
    return fn();
  });
}

/** A received request or event: a server/consumer span under the context its headers carry. */
export function tracedReceive<T>(subject: string, headers: MsgHdrs | undefined, fn: () => Promise<T>, kind = SpanKind.SERVER) {
  return inSpan(subject, kind, propagation.extract(ROOT_CONTEXT, headers, headerGetter), fn);
}

export { SpanKind };
