/** The start-up block: everything a newcomer needs to sign in, and where the codes show up. */
export function emulatorBanner(info: {
  url: string;
  domain: string;
  clientId: string;
  clientSecret: string;
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
    `  client:         ${info.clientId} / secret ${info.clientSecret}`,
    `  demo user:      ${info.demoUser.email} / password ${info.demoUser.password}`,
    `  codes appear:   ${codes}`,
  ];
  if (info.fixedCode) lines.push(`  fixed code:     every delivered code is ${info.fixedCode}`);
  return lines.join('\n');
}
