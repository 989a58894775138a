import { EmulatorClient } from '../emulator/emulator-client';
import { FIXTURES } from './fixtures';
import {
  ConcreteRequest,
  departures,
  fieldsOf,
  RecordedRequest,
  sentFields,
  WireFixture,
} from './wire-fixture';

/**
 * The concrete request is the recorded one as the gateway sends it, with the emulator's values: the same
 * fields in the same places.
 */
function expectRecordedForm(request: ConcreteRequest, recorded: RecordedRequest): void {
  expect(request.method).toBe(recorded.method);
  const path = new RegExp(`^${recorded.path.replace('{id}', '[a-z-]+%7Cdev_[A-Za-z0-9]{16}')}$`);
  expect(request.path).toMatch(path);
  expect(request.headers['content-type']).toBe(recorded.contentType);
  const fields = fieldsOf(recorded.contentType, request.body ?? '');
  expect(Object.keys(fields).sort()).toEqual(sentFields(recorded));
  expect('authorization' in request.headers).toBe(recorded.token === 'authorization');
  for (const [name, value] of Object.entries(recorded.values ?? {}))
    expect(fields[name]).toBe(value);
}

/** Fixtures that need the same tenant share one emulator. */
function byTenant(fixtures: WireFixture[]): [string, WireFixture[]][] {
  const groups = new Map<string, WireFixture[]>();
  for (const fixture of fixtures) {
    const key = JSON.stringify(fixture.emulator ?? {});
    groups.set(key, [...(groups.get(key) ?? []), fixture]);
  }
  return [...groups];
}

/**
 * (b) Each recorded situation is built in the emulator through its support API, the recorded request is
 * sent with the emulator's own tokens and ids, and the answer must be the recorded one: status, content
 * type, fields and texts.
 */
describe('conformance: the emulator answers as the recorded tenants did', () => {
  describe.each(byTenant(FIXTURES))('tenant %s', (_tenant, fixtures) => {
    let emu: EmulatorClient;
    beforeAll(async () => {
      emu = await EmulatorClient.start(fixtures[0].emulator ?? {});
    });
    afterAll(() => emu.close());

    it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
      const request = await fixture.situation(emu);
      expectRecordedForm(request, fixture.request);

      const answer = await fetch(emu.url + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      const text = await answer.text();
      expect(answer.status).toBe(fixture.response.status);
      const type = answer.headers.get('content-type');
      // A recording shows the exact header; other sources show the media type at most.
      if (fixture.evidence === 'recorded') expect(type).toBe(fixture.response.contentType);
      else expect(type?.split(';')[0]).toBe(fixture.response.contentType.split(';')[0]);
      if (fixture.response.body === undefined) {
        expect(text).toBe('');
      } else {
        const body: unknown = JSON.parse(text);
        expect(departures(body, fixture.response.body, fixture.response.stripped)).toEqual([]);
      }
    });
  });
});
