import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config';

export type Phase = 'starting' | 'ready' | 'stopping';

/**
 * Whether this instance takes traffic. It turns to `stopping` the moment shutdown begins and stays there
 * for SHUTDOWN_DRAIN_MS before the server stops accepting connections, so a load balancer polling
 * readiness moves traffic away; the server then closes and waits for in-flight requests to finish.
 */
@Injectable()
export class LifecycleService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');
  private current: Phase = 'starting';

  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  get phase(): Phase {
    return this.current;
  }

  onApplicationBootstrap(): void {
    this.current = 'ready';
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.current = 'stopping';
    const drainMs = this.config.get('shutdownDrainMs', { infer: true });
    this.logger.log(
      `Shutting down${signal ? ` on ${signal}` : ''}: readiness is 503, draining ${drainMs} ms`,
    );
    if (drainMs > 0) await sleep(drainMs);
  }
}
