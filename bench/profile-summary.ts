/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and lists where the time went: the functions with
 * the most self time, and self time summed per package (the gateway's own code counted as `app`).
 *
 * CLI: `node dist-bench/profile-summary.js <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time not spent idle, in ms: what the process actually computed. */
  busyMs: number;
  functions: ProfileEntry[];
  packages: ProfileEntry[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** The gateway's build: dist/, or the copy the bench runs (dist-bench/gateway/). */
const APP_BUILD = /\/(dist|dist-bench\/gateway)\//;

function packageOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:') || !url.includes('/')) return url ? 'node (built-in)' : '(native/gc)';
  if (APP_BUILD.test(url)) return 'app';
  return url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const app = APP_BUILD.exec(url);
  return app ? `dist/${url.slice(app.index + app[0].length)}` : url;
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    totalUs += delta;
    selfByNode.set(profile.samples[i], (selfByNode.get(profile.samples[i]) ?? 0) + delta);
  }
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfByNode) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const fn = frame.functionName || '(anonymous)';
    if (IDLE.has(fn)) {
      idleUs += us;
      continue;
    }
    const key = `${fn} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    const pkg = fn === '(garbage collector)' ? '(garbage collector)' : packageOf(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (map: Map<string, number>): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        selfMs: Math.round(us / 1000),
        percent: busyUs > 0 ? Math.round((us / busyUs) * 1000) / 10 : 0,
      }));
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    functions: rank(functions),
    packages: rank(packages),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const lines = [
    `busy ${summary.busyMs} ms of ${summary.totalMs} ms; percentages are of busy time`,
    '',
    'self time by package:',
    ...summary.packages.map((e) => `  ${e.percent.toFixed(1).padStart(5)}%  ${e.name}`),
    '',
    'top functions by self time:',
    ...summary.functions.map((e) => `  ${e.percent.toFixed(1).padStart(5)}%  ${e.name}`),
  ];
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist-bench/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(formatSummary(summarizeProfile(file, top ? Number(top) : 25)));
}
