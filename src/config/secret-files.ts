import { readFileSync } from 'node:fs';

/**
 * The variables that hold secrets. Each may instead be read from the file `<NAME>_FILE` names — how
 * container platforms mount secrets (Docker and Kubernetes secrets, Vault agents) — so the value never sits
 * in the process environment, where `ps e`, crash reports and child processes would see it.
 */
export const SECRET_VARIABLES = [
  'AUTH0_CLIENT_SECRET',
  'AUTH0_CLIENT_ASSERTION_KEY',
  'API_KEYS',
  'METRICS_TOKEN',
  'ADMIN_TOKEN',
  'REDIS_URL',
] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Re-read on SIGHUP. REDIS_URL is not: the connection is made at start and lives as long as the process. */
export const ROTATABLE_SECRETS = SECRET_VARIABLES.filter(
  (name): name is Exclude<SecretVariable, 'REDIS_URL'> => name !== 'REDIS_URL',
);
export type RotatableSecret = (typeof ROTATABLE_SECRETS)[number];

/** A secret file's content: what editors and `echo` add at the end (a final newline, blanks) is not part of it. */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

export interface SecretFileReading {
  /** The environment with each `<NAME>_FILE` replaced by `<NAME>` holding the file's content. */
  env: Record<string, string | undefined>;
  /** Which secrets came from which file: what SIGHUP reads again. */
  files: Partial<Record<SecretVariable, string>>;
  problems: string[];
}

/** Reads every `<NAME>_FILE` that is set. Problems name the variable and the file, never any content. */
export function withSecretFiles(env: Record<string, string | undefined>): SecretFileReading {
  const out = { ...env };
  const files: Partial<Record<SecretVariable, string>> = {};
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`]?.trim();
    delete out[`${name}_FILE`];
    if (!path) continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readSecretFile(path);
      files[name] = path;
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${path} (${fileError(error)})`);
    }
  }
  return { env: out, files, problems };
}

/** The system's reason (`ENOENT`, `EACCES`, …) without the message, which could quote the content. */
export function fileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'unreadable';
}
