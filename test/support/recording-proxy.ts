import { StubUpstream } from './stub-upstream';

/** One request that passed through to the emulator, with the status it answered. */
export interface Exchange {
  method: string;
  path: string;
  body: string;
  status: number;
}

/** The request headers Auth0 reads; hop-by-hop ones are the proxy's own business. */
const FORWARDED = ['accept', 'authorization', 'content-type', 'auth0-forwarded-for'];

/**
 * A transparent proxy in front of the real emulator, keeping a log of what reached it and how it
 * answered: the emulator's own view, to count what it judged rather than trusting the gateway's word.
 */
export async function startRecordingProxy(
  target: string,
): Promise<{ url: string; exchanges: Exchange[]; stop: () => Promise<void> }> {
  const exchanges: Exchange[] = [];
  const proxy = new StubUpstream();
  proxy.handler = (hit, res) => {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = hit.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const hasBody = hit.method !== 'GET' && hit.method !== 'DELETE';
    fetch(`${target}${hit.path}`, {
      method: hit.method,
      headers,
      body: hasBody ? hit.body : undefined,
    })
      .then(async (answer) => {
        const text = await answer.text();
        exchanges.push({
          method: hit.method,
          path: hit.path,
          body: hit.body,
          status: answer.status,
        });
        const out: Record<string, string> = {};
        for (const name of ['content-type', 'retry-after']) {
          const value = answer.headers.get(name);
          if (value !== null) out[name] = value;
        }
        res.writeHead(answer.status, out).end(text);
      })
      .catch(() => res.socket?.destroy());
  };
  const url = await proxy.start();
  return { url, exchanges, stop: () => proxy.stop() };
}
