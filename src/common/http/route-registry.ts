import { Injectable } from '@nestjs/common';
import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Remembers every route Fastify registers, so that a request Fastify could not route can be told apart:
 * a path that exists under another method is `405 method_not_allowed` with `Allow`, anything else 404.
 */
@Injectable()
export class RouteRegistry {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });

  add(method: string | string[], url: string): void {
    const methods = (Array.isArray(method) ? method : [method]).filter((m) =>
      (METHODS as readonly string[]).includes(m),
    );
    for (const m of methods) {
      if (!this.router.hasRoute(m as FindMyWay.HTTPMethod, url)) {
        this.router.on(m as FindMyWay.HTTPMethod, url, () => undefined);
      }
    }
  }

  allowedMethods(path: string): string[] {
    const clean = path.split('?')[0];
    return METHODS.filter((m) => this.router.find(m, clean) !== null);
  }
}
