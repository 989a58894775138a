import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';

/**
 * helmet's security headers, computed once at start. They depend only on the options, never on the
 * request, and helmet builds its middleware anew on every request when run through @fastify/helmet
 * (~4 % of the gateway's CPU in bench/); here its middleware runs once against a recorder.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
    },
  );
  return headers;
}

/**
 * For pages a browser renders (Swagger UI, the reference page) and everything outside `/v1`: helmet's
 * document set, with the policy the pages need.
 */
export function pageSecurityHeaders(): Record<string, string> {
  return securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI's own stylesheet uses inline styles; scripts stay same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
}

/**
 * For `/v1`, whose answers are JSON and never a document: the headers that still act on such an answer
 * (OWASP's REST Security Cheat Sheet) — a policy that lets it load nothing and be framed nowhere,
 * `nosniff`, HSTS, same-origin resource policy, no referrer. The ones that act only on a rendered
 * document (opener policy, agent cluster, DNS prefetch, IE's download and XSS switches, Flash's
 * cross-domain policy) are left off: on every answer they cost header bytes and per-header work
 * (bench/README.md, round 6) and protect nothing.
 */
export function apiSecurityHeaders(): Record<string, string> {
  return securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}
