import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { client, enrollEmail, signInWithEmail } from '../../clients/typescript/examples/email-flow';
import { createUser, latestCode } from '../support/emulator';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';

const ROOT = join(__dirname, '..', '..');
const CLIENT = join(ROOT, 'clients', 'typescript');

/** Type-checks files as a consumer's strict project would; answers the compiler's complaints. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/**
 * What an internal app does: generate types from the document the running gateway serves, write its
 * flow against them under `strict`, and run that flow against the gateway and its emulator.
 */
describe('a consumer of /docs-json', () => {
  let gw: TestGateway;
  let dir: string;
  let served: unknown;

  beforeAll(async () => {
    gw = await startGateway();
    served = (await call(gw.url, 'GET', '/docs-json')).body;
    // Inside the project, so the consumer's code finds openapi-fetch as an app's would.
    dir = mkdtempSync(join(ROOT, 'test', 'openapi', '.consumer-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await gw.close();
  });

  it('is the document the committed client was generated from', () => {
    const committed: unknown = JSON.parse(readFileSync(join(CLIENT, 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('generates types that a strict flow using the typed 403, channels and problems compiles against', () => {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(served));
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
        join(dir, 'openapi.json'),
        '-o',
        join(dir, 'schema.d.ts'),
      ],
      { stdio: 'pipe' },
    );
    // The thin client and the flow, exactly as committed, over the freshly generated types.
    cpSync(join(CLIENT, 'index.ts'), join(dir, 'index.ts'));
    cpSync(join(CLIENT, 'examples'), join(dir, 'examples'), { recursive: true });
    expect(typeErrors([join(dir, 'examples', 'email-flow.ts')])).toEqual([]);
  });

  it('rejects a flow that reads a field the document does not have', () => {
    writeFileSync(
      join(dir, 'wrong.ts'),
      [
        "import { createGatewayClient } from './index';",
        'export async function wrong(): Promise<string> {',
        "  const api = createGatewayClient({ baseUrl: 'http://x' });",
        "  const { data } = await api.POST('/v1/enrollments', { body: { type: 'fax' } });",
        '  return data?.oob_channel === "pigeon" ? data.no_such_field : "";',
        '}',
      ].join('\n'),
    );
    const errors = typeErrors([join(dir, 'wrong.ts')]).join('\n');
    expect(errors).toContain('"fax"');
    expect(errors).toContain('no_such_field');
  });

  it('runs the flow against the gateway: enroll e-mail, confirm, then challenge and verify', async () => {
    const user = await createUser(gw.emulator!.url);
    const api = client(gw.url);
    const credentials = { username: user.email, password: user.password };
    const readCode = (email: string): Promise<string> => latestCode(gw.emulator!.url, email);

    const enrolled = await enrollEmail(api, credentials, readCode);
    expect(enrolled.where).toBe('Check your inbox');
    expect(enrolled.recoveryCode).toMatch(/^[A-Z0-9]{24}$/);
    expect(enrolled.tokens.token_type).toBe('Bearer');

    const signedIn = await signInWithEmail(api, credentials, readCode);
    expect(signedIn.firstTry).toBe('invalid_binding_code');
    expect(signedIn.tokens.access_token).toEqual(expect.any(String));
  });
});
