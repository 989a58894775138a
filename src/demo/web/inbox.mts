/*
 * The emulator's inbox (emulator mode only): what the built-in Auth0 emulator "sent", read through the
 * gateway's /demo/inbox, never from the emulator itself; below it, the virtual phone (virtual-phone.mts).
 */
import { ApiError, request } from './api.mjs';
import { el } from './dom.mjs';
import type { VirtualPhone } from './virtual-phone.mjs';

interface InboxMessage {
  channel: string;
  to: string;
  code: string;
  sent_at: string;
}

export class Inbox {
  /** Outside emulator mode the panel is not in the page at all. */
  private readonly input: HTMLInputElement | undefined;

  constructor(
    enabled: boolean,
    private readonly phone: VirtualPhone,
  ) {
    this.input = enabled ? el<HTMLInputElement>('inbox-to') : undefined;
    if (!enabled) return;
    el('inbox').hidden = false;
    // Not through onSubmit: reading the inbox must not wipe the error the user is looking at.
    el<HTMLFormElement>('inbox-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.refresh();
    });
  }

  /**
   * Points the panel at where codes go. The sign-in name is only a first guess: it must not replace the
   * number enrolled earlier, since the factor list shows that number masked and the page cannot know it.
   */
  setAddress(value: string, options: { onlyIfEmpty?: boolean } = {}): void {
    if (!this.input || !value || (options.onlyIfEmpty && this.input.value.trim())) return;
    this.input.value = value;
  }

  /** Reads the messages and the phone again. */
  async refresh(): Promise<void> {
    await Promise.all([this.readMessages(), this.phone.refresh()]);
  }

  private async readMessages(): Promise<void> {
    const to = this.input?.value.trim();
    if (!to) return;
    const note = el('inbox-note');
    const list = el('inbox-list');
    try {
      const answer = await request<InboxMessage[]>(
        'GET',
        `/demo/inbox?to=${encodeURIComponent(to)}`,
      );
      note.textContent = answer.body.length === 0 ? 'Nothing has been sent there yet.' : '';
      list.replaceChildren(...answer.body.map(inboxEntry));
    } catch (error) {
      list.replaceChildren();
      note.textContent =
        error instanceof ApiError && error.problem.code === 'validation_failed'
          ? 'Enter an e-mail address, or a phone number in international format (+1 415 555 0123).'
          : "The emulator's inbox cannot be read right now.";
    }
  }
}

function inboxEntry(message: InboxMessage): HTMLLIElement {
  const item = document.createElement('li');
  const meta = document.createElement('span');
  meta.className = 'meta';
  const time = new Date(message.sent_at).toLocaleTimeString();
  meta.textContent = `${message.channel.toUpperCase()} to ${message.to} · ${time}`;
  const code = document.createElement('strong');
  code.className = 'inbox-code';
  code.textContent = message.code;
  item.append(meta, code);
  return item;
}
