import { closeSync, openSync } from 'node:fs';

/**
 * SIGHUP asks the gateway to re-read its secret files (docs/operations.md), but it is also what a process
 * started from a terminal gets when that terminal closes. Left to the reload alone, `npm start` would
 * outlive the closed window and keep its ports. So a process whose output went to a terminal at start
 * takes a SIGHUP that finds the terminal gone (it can no longer open `/dev/tty`) as a hangup, and stops.
 * A process that never had a terminal for its output — a container, a service, `nohup` — only reloads.
 */
export function onTerminalHangup(
  stop: () => void,
  output: { isTTY?: boolean } = process.stdout,
): void {
  if (output.isTTY !== true) return;
  process.on('SIGHUP', () => {
    if (!terminalOpens()) stop();
  });
}

function terminalOpens(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}
