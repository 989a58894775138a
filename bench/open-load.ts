import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { nextChallenge, Target } from './load';

export interface OpenLoadOptions {
  url: string;
  target: Target;
  /** Requests per second, sent on a schedule whether or not answers have come back. */
  rate: number;
  seconds: number;
  /** Connections available; at least 2 × rate × latency, so that the schedule never waits for one. */
  connections: number;
  idempotencyKey?: boolean;
}

export interface OpenLoadResult {
  offeredRate: number;
  achievedRate: number;
  sent: number;
  errors: number;
  non2xx: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/**
 * An open-model load: request i is due at start + i / rate and is sent then, and its latency runs from
 * that moment (so a late send counts against the target, not for it). Latencies in microseconds from
 * `process.hrtime`. autocannon sends a connection's next request only after the answer (a closed model),
 * which hides queueing at a fixed rate; this does not.
 */
export async function runOpenLoad(options: OpenLoadOptions): Promise<OpenLoadResult> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const total = Math.round(options.rate * options.seconds);
  const latenciesUs: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const start = process.hrtime.bigint();
  const dueAt = (i: number) => start + BigInt(Math.round((i * 1e9) / options.rate));
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = dueAt(i);
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await sleep(wait - 0.5);
    while (process.hrtime.bigint() < due) await new Promise((resolve) => setImmediate(resolve));
    const request = nextChallenge(options.target, { idempotencyKey: options.idempotencyKey });
    inFlight.push(
      pool
        .request({ method: 'POST', ...request })
        .then(async (answer) => {
          await answer.body.dump();
          if (answer.statusCode >= 300) non2xx += 1;
          latenciesUs.push(Number(process.hrtime.bigint() - due) / 1000);
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(inFlight);
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  await pool.close();
  latenciesUs.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(
      latenciesUs[Math.min(latenciesUs.length - 1, Math.floor(q * latenciesUs.length))] ?? 0,
    );
  return {
    offeredRate: options.rate,
    achievedRate: Math.round((latenciesUs.length / elapsedS) * 10) / 10,
    sent: total,
    errors,
    non2xx,
    p50Us: at(0.5),
    p99Us: at(0.99),
    maxUs: Math.round(latenciesUs.at(-1) ?? 0),
  };
}
