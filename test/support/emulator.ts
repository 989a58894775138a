import { randomBytes } from 'node:crypto';
import { call } from './http';

export interface OutboxMessage {
  channel: string;
  to: string;
  code: string;
  text: string;
  sent_at: string;
}

/** A fresh user on the emulator, so each test owns its state. */
export async function createUser(
  emulatorUrl: string,
  options: { email_verified?: boolean } = {},
): Promise<{ email: string; password: string; user_id: string }> {
  const email = `user-${randomBytes(6).toString('hex')}@example.com`;
  const password = `Pw-${randomBytes(8).toString('hex')}`;
  const response = await call<{ user_id: string }>(emulatorUrl, 'POST', '/__emulator/users', {
    body: { email, password, ...options },
  });
  if (response.status !== 201)
    throw new Error(`user not created: ${response.status} ${response.text}`);
  return { email, password, user_id: response.body.user_id };
}

/** Everything delivered to an address or E.164 number, newest first. */
export async function outboxFor(emulatorUrl: string, to: string): Promise<OutboxMessage[]> {
  const response = await call<OutboxMessage[]>(
    emulatorUrl,
    'GET',
    `/__emulator/outbox?to=${encodeURIComponent(to)}`,
  );
  return response.body;
}

/** The newest code delivered to an address or E.164 number: what the user would read. */
export async function latestCode(emulatorUrl: string, to: string): Promise<string> {
  const message = (await outboxFor(emulatorUrl, to))[0];
  if (!message) throw new Error(`nothing delivered to ${to}`);
  return message.code;
}

/** A six-digit code that is certainly not `code`. */
export function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

export async function advanceClock(emulatorUrl: string, seconds: number): Promise<void> {
  const response = await call(emulatorUrl, 'POST', '/__emulator/clock', {
    body: { advance_seconds: seconds },
  });
  if (response.status !== 200) throw new Error(`clock not advanced: ${response.status}`);
}
