/**
 * `npm run bench`: the gateway against a hand-written baseline proxy, side by side in one run, on this
 * machine. See bench/README.md for what each scenario shows and the latest numbers.
 *
 * Environment knobs (all optional): BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3),
 * BENCH_ONLY (comma list of a,b,c,d), BENCH_PROFILE=1 (CPU-profile the gateway in scenarios a and b and
 * print its top self-time functions), BENCH_COLD_RUNS (default 5), BENCH_MEMORY_REQUESTS (default 100000).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadResult, runLoad, Target, TOKEN_PREFIX } from './load';
import {
  cpuMs,
  BENCH_CLIENT_ID,
  BENCH_CLIENT_SECRET,
  Gateway,
  GATEWAY_BASE_ENV,
  GATEWAY_MAIN,
  ROOT,
  removeChildFiles,
  rssMiB,
  snapshotGateway,
  startGateway,
  startHelper,
  stop,
} from './processes';
import { formatSummary, summarizeProfile } from './profile-summary';

const DURATION = positive(process.env.BENCH_DURATION, 10);
const WARMUP = positive(process.env.BENCH_WARMUP, 3);
const COLD_RUNS = positive(process.env.BENCH_COLD_RUNS, 5);
const MEMORY_REQUESTS = positive(process.env.BENCH_MEMORY_REQUESTS, 100_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'a,b,c,d').split(',').map((s) => s.trim()));
const PROFILE = process.env.BENCH_PROFILE === '1';
/**
 * The framework floor runs twice in scenario a: as the gateway sends (`@nestjs/axios`) and with undici
 * called directly, which shows what the required axios layer costs on its own.
 */
const FLOOR_CLIENTS = ['axios', 'undici'] as const;
const RESULTS_DIR = join(ROOT, 'bench', 'results');

/**
 * Every limit far above what the bench can reach (one client IP sends everything; the bench's own
 * distinct tokens and authenticator ids keep the per-token and per-authenticator keys fresh), so that
 * the limiters run — counting, storing — but never answer 429 instead of the gateway. Not 0: that
 * switches a limit off, and its cost would go unmeasured.
 */
const LIMITS_ABOVE_BENCH_RATE: Record<string, string> = {
  RATE_LIMIT_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_BEARER_PER_MINUTE: '100000000',
  RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_PASSWORD_USER_PER_MINUTE: '100000000',
  RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: '1000000000',
  RATE_LIMIT_ENROLL_PREFIX_PER_HOUR: '1000000000',
  RATE_LIMIT_ENROLL_COUNTRY_PER_HOUR: '1000000000',
  RATE_LIMIT_ENROLL_IP_PER_HOUR: '1000000000',
  RATE_LIMIT_ENROLL_API_KEY_PER_HOUR: '1000000000',
  RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR: '1000000000',
  RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR: '1000000000',
  // Far above the bench's volume too; the guard still counts, and the bench never confirms.
  FRAUD_GUARD_MIN_SENDS: '1000000000',
  // The production default, left on: no authenticator id repeats within a run, so the cooldown is
  // recorded for every challenge (its state is part of scenario d's memory) but never answers.
  CHALLENGE_COOLDOWN_SECONDS: '30',
  // What one feature costs: e.g. BENCH_GATEWAY_ENV=LOG_LEVEL=warn,RATE_LIMIT_IP_PER_MINUTE=0.
  ...Object.fromEntries(
    (process.env.BENCH_GATEWAY_ENV ?? '')
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]),
  ),
};

function positive(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Rate-limit variables the configuration knows (`.env.example`, the environment DTO) but the bench does
 * not raise: a warning, not a guess — a new limit at its default could answer 429 for the gateway.
 */
function unsetLimitVariables(): string[] {
  const names = new Set<string>();
  for (const file of ['.env.example', 'src/config/environment.dto.ts']) {
    const path = join(ROOT, file);
    if (!existsSync(path)) continue;
    for (const match of readFileSync(path, 'utf8').matchAll(/\b([A-Z][A-Z0-9_]*)\b/g)) {
      names.add(match[1]);
    }
  }
  return [...names].filter(
    (name) =>
      /RATE_LIMIT_|_PER_(SECOND|MINUTE|HOUR|DAY)$|QUOTA|COOLDOWN/.test(name) &&
      !(name in LIMITS_ABOVE_BENCH_RATE),
  );
}

/** A load result plus the CPU the measured process spent per answered request (robust to noise). */
interface Measured extends LoadResult {
  cpuUsPerRequest: number;
}

interface Row {
  scenario: string;
  variant: string;
  result: Measured;
}

interface LogCheck {
  lines: number;
  secretLeaked: boolean;
  tokenLeaked: boolean;
}

/** The gateway logged one line per request and not one secret: logging and redaction were really on. */
function checkLog(gateway: Gateway): LogCheck {
  const text = readFileSync(gateway.logPath, 'utf8');
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return {
    lines,
    secretLeaked: text.includes(BENCH_CLIENT_SECRET),
    tokenLeaked: text.includes(TOKEN_PREFIX),
  };
}

async function measure(
  url: string,
  target: Target,
  connections: number,
  label: string,
  pid: number,
): Promise<Measured> {
  await runLoad({ url, target, connections, durationSeconds: WARMUP });
  const cpuBefore = cpuMs(pid);
  const load = await runLoad({ url, target, connections, durationSeconds: DURATION });
  const cpuUsPerRequest = Math.round(((cpuMs(pid) - cpuBefore) * 1000) / Math.max(1, load.total));
  const result = { ...load, cpuUsPerRequest };
  out(
    `  ${label.padEnd(32)} ${fmt(result.requestsPerSecond, 0).padStart(7)} req/s  p50 ${fmt(result.p50Ms, 1)} ms  p99 ${fmt(result.p99Ms, 1)} ms  errors ${result.errors}  non-2xx ${result.non2xx}  CPU ${cpuUsPerRequest} µs/req`,
  );
  return result;
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

async function withGateway<T>(
  upstreamUrl: string,
  label: string,
  profile: boolean,
  body: (gateway: Gateway) => Promise<T>,
): Promise<{ value: T; log: LogCheck; profile?: string }> {
  const gateway = await startGateway({
    upstreamUrl,
    label,
    env: LIMITS_ABOVE_BENCH_RATE,
    cpuProfDir: profile ? RESULTS_DIR : undefined,
  });
  const profilePath = gateway.profilePath;
  try {
    const value = await body(gateway);
    return { value, log: checkLog(gateway), profile: profilePath };
  } finally {
    const code = await stop(gateway);
    if (code !== 0) out(`  ! gateway exited with ${code}: ${gateway.stderr()}`);
    rmSync(gateway.logPath, { force: true });
    if (profilePath && existsSync(profilePath)) {
      out(`  CPU profile of the gateway (${label}): ${profilePath}`);
      out(
        formatSummary(summarizeProfile(profilePath, 20))
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
    }
  }
}

/**
 * A comparison proxy run as a helper process (`baseline-proxy.js`, `framework-floor.js`): started against
 * the stub with the bench's client credentials, measured by `body`, stopped.
 */
async function withProxy<T>(
  script: string,
  upstreamUrl: string,
  env: Record<string, string>,
  body: (url: string, pid: number) => Promise<T>,
): Promise<T> {
  const { child, info } = await startHelper<{ port: number }>(script, {
    UPSTREAM_URL: upstreamUrl,
    CLIENT_ID: BENCH_CLIENT_ID,
    CLIENT_SECRET: BENCH_CLIENT_SECRET,
    ...env,
  });
  try {
    return await body(`http://127.0.0.1:${info.port}`, child.process.pid ?? 0);
  } finally {
    await stop(child);
  }
}

/** 1, 5 and 15 minute load averages: above the CPU count, something else competed for the cores. */
function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface TargetCheck {
  name: string;
  met: boolean;
  measured: string;
}

async function main(): Promise<void> {
  snapshotGateway();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  out(
    `mfa-gateway bench — ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`,
  );
  out(`measured runs ${DURATION} s after ${WARMUP} s of warm-up; load generator: autocannon`);
  const loadBefore = loadAverage();
  out(
    `load average before: ${loadBefore.join(' ')} (other work on this machine skews every number)`,
  );
  const unset = unsetLimitVariables();
  if (unset.length > 0) {
    out(`! rate-limit variables in .env.example the bench does not raise: ${unset.join(', ')}`);
  }

  const stubs = await startHelper<{ ports: Record<string, number> }>('stub-upstream.js', {
    STUB_LATENCIES: '0,100',
    STUB_CLIENT_ID: BENCH_CLIENT_ID,
    STUB_CLIENT_SECRET: BENCH_CLIENT_SECRET,
  });
  const stub0 = `http://127.0.0.1:${stubs.info.ports['0']}`;
  const stub100 = `http://127.0.0.1:${stubs.info.ports['100']}`;

  const rows: Row[] = [];
  const targets: TargetCheck[] = [];
  const logs: Record<string, LogCheck> = {};
  const profiles: Record<string, string> = {};
  let coldStart: { runsMs: number[]; medianMs: number } | undefined;
  let memory: { afterStartMiB: number; roundsMiB: number[]; requests: number[] } | undefined;

  try {
    for (const [key, latency, connections, upstream] of [
      ['a', 0, 50, stub0],
      ['b', 100, 200, stub100],
    ] as const) {
      if (!ONLY.has(key)) continue;
      const scenario = `(${key}) ${latency} ms upstream, ${connections} connections`;
      out(`\n${scenario}`);
      if (key === 'a') {
        const direct = await measure(
          upstream,
          'upstream',
          connections,
          'stub direct (load-gen ceiling)',
          stubs.child.process.pid ?? 0,
        );
        rows.push({ scenario, variant: 'stub direct', result: direct });
      }
      const baseline = await withProxy('baseline-proxy.js', upstream, {}, (url, pid) =>
        measure(url, 'proxy', connections, 'baseline (node:http + undici)', pid),
      );
      rows.push({ scenario, variant: 'baseline', result: baseline });
      for (const client of key === 'a' ? FLOOR_CLIENTS : []) {
        // The required stack alone, sending through the Auth0 transport of the build under test.
        const floorEnv = {
          GATEWAY_DIST: dirname(GATEWAY_MAIN),
          FLOOR_CLIENT: client,
          NODE_ENV: 'production',
        };
        const floor = await withProxy('framework-floor.js', upstream, floorEnv, (url, pid) =>
          measure(url, 'proxy', connections, `framework floor (Nest, ${client})`, pid),
        );
        rows.push({ scenario, variant: `framework floor (${client})`, result: floor });
      }
      const label = `gateway-${key}`;
      const gateway = await withGateway(upstream, label, PROFILE, (gw) =>
        measure(gw.url, 'proxy', connections, 'gateway', gw.process.pid ?? 0),
      );
      rows.push({ scenario, variant: 'gateway', result: gateway.value });
      logs[label] = gateway.log;
      if (gateway.profile) profiles[label] = gateway.profile;

      if (key === 'a') {
        const rpsRatio = gateway.value.requestsPerSecond / baseline.requestsPerSecond;
        const p99Ratio = gateway.value.p99Ms / baseline.p99Ms;
        targets.push({
          name: '(a) gateway ≥ 0.5× baseline req/s',
          met: rpsRatio >= 0.5,
          measured: `${rpsRatio.toFixed(2)}×`,
        });
        targets.push({
          name: '(a) gateway p99 ≤ 2× baseline p99',
          met: p99Ratio <= 2,
          measured: `${p99Ratio.toFixed(2)}×`,
        });
      } else {
        const limit = connections / (latency / 1000);
        const gw = gateway.value;
        targets.push({
          name: `(b) ≥ ${fmt(limit * 0.9, 0)} req/s (90% of ${connections}/${latency} ms), zero errors`,
          met: gw.requestsPerSecond >= limit * 0.9 && gw.errors === 0 && gw.non2xx === 0,
          measured: `${fmt(gw.requestsPerSecond, 0)} req/s, ${gw.errors} errors, ${gw.non2xx} non-2xx`,
        });
      }
    }

    if (ONLY.has('c')) {
      out(`\n(c) cold start: spawn to /health/ready 200, ${COLD_RUNS} runs`);
      const runsMs: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const run = await withGateway(stub0, `cold-${i}`, false, (gw) =>
          Promise.resolve(gw.readyMs),
        );
        runsMs.push(Math.round(run.value));
      }
      coldStart = { runsMs, medianMs: median(runsMs) };
      out(`  runs ${runsMs.join(', ')} ms; median ${coldStart.medianMs} ms`);
      targets.push({
        name: '(c) ready < 1,500 ms (median)',
        met: coldStart.medianMs < 1500,
        measured: `${coldStart.medianMs} ms`,
      });
    }

    if (ONLY.has('d')) {
      out(
        `\n(d) memory: RSS after ${fmt(MEMORY_REQUESTS, 0)} requests, two rounds, 50 connections`,
      );
      const result = await withGateway(stub0, 'gateway-d', false, async (gw) => {
        const afterStartMiB = rssMiB(gw.process.pid ?? 0);
        const roundsMiB: number[] = [];
        const requests: number[] = [];
        for (let round = 1; round <= 2; round++) {
          const load = await runLoad({
            url: gw.url,
            target: 'proxy',
            connections: 50,
            amount: MEMORY_REQUESTS,
          });
          await sleep(1000);
          roundsMiB.push(Math.round(rssMiB(gw.process.pid ?? 0) * 10) / 10);
          requests.push(load.total);
          out(
            `  round ${round}: ${fmt(load.total, 0)} requests (${load.non2xx} non-2xx, ${load.errors} errors), RSS ${roundsMiB[round - 1]} MiB`,
          );
        }
        return { afterStartMiB: Math.round(afterStartMiB * 10) / 10, roundsMiB, requests };
      });
      memory = result.value;
      logs['gateway-d'] = result.log;
      out(`  RSS after start ${memory.afterStartMiB} MiB`);
      const [first, second] = memory.roundsMiB;
      // Noise: allocator and heap sizing move RSS by a few MiB from one round to the next.
      const growth = second - first;
      targets.push({
        name: '(d) RSS < 150 MiB, no growth between rounds (≤ 5% or 5 MiB)',
        met: Math.max(first, second) < 150 && growth <= Math.max(5, first * 0.05),
        measured: `${first} → ${second} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)})`,
      });
    }
  } finally {
    await stop(stubs.child);
    removeChildFiles();
  }

  out(
    '\n| scenario | variant | req/s | p50 ms | p99 ms | errors | non-2xx | CPU µs/req | vs baseline |',
  );
  out('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const base = rows.find((r) => r.scenario === row.scenario && r.variant === 'baseline')?.result;
    const ratio =
      base && row.variant !== 'baseline'
        ? `${(row.result.requestsPerSecond / base.requestsPerSecond).toFixed(2)}× req/s, ${(row.result.p99Ms / base.p99Ms).toFixed(2)}× p99`
        : row.variant === 'baseline'
          ? '1.00'
          : '';
    out(
      `| ${row.scenario} | ${row.variant} | ${fmt(row.result.requestsPerSecond, 0)} | ${fmt(row.result.p50Ms, 1)} | ${fmt(row.result.p99Ms, 1)} | ${row.result.errors} | ${row.result.non2xx} | ${row.result.cpuUsPerRequest} | ${ratio} |`,
    );
  }
  out('\ntargets:');
  for (const target of targets) {
    out(`  ${target.met ? 'MET   ' : 'MISSED'} ${target.name}: ${target.measured}`);
  }
  for (const [label, log] of Object.entries(logs)) {
    const leak = log.secretLeaked || log.tokenLeaked;
    out(
      `log check ${label}: ${fmt(log.lines, 0)} lines, ${leak ? 'SECRET OR TOKEN FOUND IN LOG' : 'no client secret or bearer token in the log'}`,
    );
  }

  const loadAfter = loadAverage();
  out(`load average after: ${loadAfter.join(' ')}`);

  const date = new Date().toISOString().slice(0, 10);
  const file = join(RESULTS_DIR, `${date}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        loadAverage: { before: loadBefore, after: loadAfter },
        settings: {
          durationSeconds: DURATION,
          warmupSeconds: WARMUP,
          loadGenerator: 'autocannon 8 (same process as the orchestrator)',
          gatewayEnv: { ...GATEWAY_BASE_ENV, ...LIMITS_ABOVE_BENCH_RATE },
        },
        rows,
        coldStart,
        memory,
        logs,
        targets,
        profiles,
      },
      null,
      2,
    )}\n`,
  );
  out(`\nresults: ${file}`);
  const leaked = Object.values(logs).some((log) => log.secretLeaked || log.tokenLeaked);
  if (leaked) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
