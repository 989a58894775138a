/** The start-up block: everything a newcomer needs to sign in, and where the codes show up. */
export function emulatorBanner(info: {
  url: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  /** Private Key JWT credentials of the client; 0: it uses its secret. */
  clientKeys: number;
  generatedKeyFile?: string;
  demoUser: { email: string; password: string };
  logDeliveries: boolean;
  fixedCode?: string;
}): string {
  const codes = info.logDeliveries
    ? `in this log ("emulator delivery" lines) and at GET ${info.url}/__emulator/outbox`
    : `at GET ${info.url}/__emulator/outbox (delivery log lines are off)`;
  const lines = [
    'Auth0 MFA emulator (development only, never for production)',
    `  emulator URL:   ${info.url}`,
    `  tenant issuer:  https://${info.domain}/`,
    info.clientKeys > 0
      ? `  client:         ${info.clientId} / Private Key JWT (${info.clientKeys} public key${info.clientKeys > 1 ? 's' : ''})`
      : `  client:         ${info.clientId} / secret ${info.clientSecret}`,
    ...(info.generatedKeyFile
      ? [
          `  private key:    ${info.generatedKeyFile} (generated for development: AUTH0_CLIENT_ASSERTION_KEY_FILE)`,
        ]
      : []),
    `  demo user:      ${info.demoUser.email} / password ${info.demoUser.password}`,
    `  codes appear:   ${codes}`,
  ];
  if (info.fixedCode) lines.push(`  fixed code:     every delivered code is ${info.fixedCode}`);
  return lines.join('\n');
}
