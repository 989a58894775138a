import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig, Auth0Config } from './app-config';
import { parseClientAssertionKey } from './client-assertion-key';
import { Clock } from './clock';
import { readVariable } from './load-config';
import { fileError, readSecretFile, ROTATABLE_SECRETS, RotatableSecret } from './secret-files';

/** The secrets in use now. Replaced whole on rotation, never changed in place. */
export interface SecretValues {
  readonly clientSecret?: string;
  readonly clientAssertionKey?: string;
  readonly apiKeys: readonly string[];
  readonly metricsToken?: string;
  readonly adminToken?: string;
}

const FIELD: Record<RotatableSecret, keyof SecretValues> = {
  AUTH0_CLIENT_SECRET: 'clientSecret',
  AUTH0_CLIENT_ASSERTION_KEY: 'clientAssertionKey',
  API_KEYS: 'apiKeys',
  METRICS_TOKEN: 'metricsToken',
  ADMIN_TOKEN: 'adminToken',
};

/** Where the secrets come from: the configuration read at start (an AppConfig is one). */
export type SecretSources = Pick<AppConfig, 'apiKeys' | 'adminToken' | 'secretFiles'> & {
  auth0: Pick<Auth0Config, 'clientSecret' | 'clientAssertion'>;
  metrics: Pick<AppConfig['metrics'], 'token'>;
};

export interface RotationResult {
  /** Variables whose value changed. */
  rotated: RotatableSecret[];
  /** Variables whose file could not be read or parsed: they keep the value in use. */
  kept: RotatableSecret[];
}

/**
 * The secrets that can change while the process runs: those read from `<NAME>_FILE` are read again on
 * SIGHUP, so an operator rotates one by rewriting its file and signalling. What reads a secret asks here on
 * every use (or keeps something `derive`d from it), never a copy taken at start. A file that cannot be read
 * or does not validate leaves the previous value in use; the log says which variable, never what it held.
 */
export class Secrets implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Secrets');
  private values: SecretValues;
  private loaded: number;
  private readonly onSignal = (): void => {
    this.reload();
  };

  constructor(
    private readonly config: SecretSources,
    private readonly clock: Clock,
  ) {
    this.values = {
      clientSecret: config.auth0.clientSecret,
      clientAssertionKey: config.auth0.clientAssertion?.privateKeyPem,
      apiKeys: config.apiKeys,
      metricsToken: config.metrics.token,
      adminToken: config.adminToken,
    };
    this.loaded = clock.now();
  }

  get current(): SecretValues {
    return this.values;
  }

  /** When the secrets were last read (at start, or the last SIGHUP). */
  get loadedAt(): Date {
    return new Date(this.loaded);
  }

  /**
   * `build` applied to one secret in use, computed again only after that secret rotated: what a guard
   * keeps (digests, a parsed key) stays as cheap per request as a value taken at start.
   */
  derive<K extends keyof SecretValues, T>(field: K, build: (value: SecretValues[K]) => T): () => T {
    let built: { source: SecretValues[K]; value: T } | undefined;
    return () => {
      const source = this.values[field];
      if (!built || built.source !== source) built = { source, value: build(source) };
      return built.value;
    };
  }

  /** Reads every secret file again. What failed keeps its value; what changed is logged by name. */
  reload(): RotationResult {
    const next: Record<string, unknown> = { ...this.values };
    const result: RotationResult = { rotated: [], kept: [] };
    for (const name of ROTATABLE_SECRETS) {
      const path = this.config.secretFiles[name];
      if (path === undefined) continue;
      const read = this.readFile(name, path);
      if (read === undefined) {
        result.kept.push(name);
        continue;
      }
      const field = FIELD[name];
      if (JSON.stringify(next[field]) !== JSON.stringify(read)) {
        next[field] = read;
        result.rotated.push(name);
      }
    }
    // Unchanged, the same object: nothing derived from it is built again.
    if (result.rotated.length > 0) this.values = next as unknown as SecretValues;
    this.loaded = this.clock.now();
    this.log.log({ msg: 'secrets reloaded', rotated: result.rotated, kept: result.kept });
    return result;
  }

  onApplicationBootstrap(): void {
    process.on('SIGHUP', this.onSignal);
  }

  onApplicationShutdown(): void {
    process.off('SIGHUP', this.onSignal);
  }

  private readFile(name: RotatableSecret, path: string): unknown {
    let raw: string;
    try {
      raw = readSecretFile(path);
    } catch (error) {
      this.log.warn({
        msg: 'secret file unreadable, previous value kept',
        variable: name,
        reason: fileError(error),
      });
      return undefined;
    }
    const parsed = readVariable(name, raw);
    const problems = 'problems' in parsed ? parsed.problems : [];
    if (name === 'AUTH0_CLIENT_ASSERTION_KEY' && problems.length === 0) {
      const alg = this.config.auth0.clientAssertion?.alg ?? 'RS256';
      const key = parseClientAssertionKey(raw, alg);
      if ('problem' in key) problems.push(key.problem);
    }
    if (problems.length > 0 || !('value' in parsed) || parsed.value === undefined) {
      this.log.warn({
        msg: 'secret file invalid, previous value kept',
        variable: name,
        problems: problems.length > 0 ? problems : [`${name} is empty`],
      });
      return undefined;
    }
    return parsed.value;
  }
}
