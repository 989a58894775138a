/**
 * The reference page's HTML and CSS. They live in a TypeScript module (not .html/.css files) so that
 * `nest build` carries them into dist/ with no asset-copy step; the script is compiled from web/app.mts.
 * No inline script anywhere: the CSP is `script-src 'self'`.
 */

export interface DemoPageOptions {
  /** Emulator mode: show the inbox panel and the demo user. */
  inbox: boolean;
}

const INBOX = `
    <aside id="inbox" class="card inbox" aria-labelledby="inbox-title" hidden>
      <h2 id="inbox-title">Emulator inbox</h2>
      <p class="hint">
        No message leaves this machine: the built-in Auth0 emulator keeps what it would have sent. Read
        your code here.
      </p>
      <form id="inbox-form" class="inline" novalidate>
        <label for="inbox-to">E-mail address or phone number</label>
        <div class="row">
          <input id="inbox-to" name="to" type="text" autocomplete="off" spellcheck="false" />
          <button type="submit" class="secondary">Refresh</button>
        </div>
      </form>
      <p id="inbox-note" class="hint" aria-live="polite"></p>
      <ul id="inbox-list" class="inbox-list" aria-label="Messages, newest first"></ul>
    </aside>`;

export function demoHtml(options: DemoPageOptions): string {
  const demoUser = options.inbox
    ? `<p class="hint">Try it with the emulator's demo user <code>demo@example.com</code> /
          <code>Demo-password-1</code>, or any user you create.</p>`
    : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sign in · mfa-gateway reference page</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/demo/demo.css" />
    <script type="module" src="/demo/app.js"></script>
  </head>
  <body data-inbox="${options.inbox ? 'on' : 'off'}">
    <header class="top">
      <p class="brand">mfa-gateway <span>reference page</span></p>
      <p class="hint">A custom MFA screen built only on the public <code>/v1</code> API.
        <a href="/docs">API docs</a></p>
    </header>
    <p id="no-script" class="card notice">
      Loading… If this message stays, the page's script did not load: run <code>npm run build</code>
      and restart the gateway, and check that JavaScript is on.
    </p>
    <div class="layout">
      <main id="app" class="card" hidden>
        <div id="error" class="error" role="alert" aria-live="assertive" hidden></div>
        <p id="status" class="visually-hidden" role="status" aria-live="polite"></p>

        <section id="step-password" aria-labelledby="title-password" hidden>
          <h2 id="title-password">Sign in</h2>
          ${demoUser}
          <form id="password-form">
            <label for="email">E-mail address</label>
            <input id="email" name="username" type="email" autocomplete="username" required />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
            <button type="submit">Sign in</button>
          </form>
        </section>

        <section id="step-enroll" aria-labelledby="title-enroll" hidden>
          <h2 id="title-enroll">Add a second step to your sign-in</h2>
          <p class="hint">Your account needs a second step. Choose where we send your sign-in codes.</p>
          <form id="enroll-form">
            <fieldset>
              <legend>Send codes by</legend>
              <div class="choice"><input type="radio" id="channel-sms" name="channel" value="sms" checked />
                <label for="channel-sms">Text message (SMS)</label></div>
              <div class="choice"><input type="radio" id="channel-voice" name="channel" value="voice" />
                <label for="channel-voice">Voice call</label></div>
              <div class="choice"><input type="radio" id="channel-email" name="channel" value="email" />
                <label for="channel-email">E-mail</label></div>
            </fieldset>
            <div id="enroll-phone-field">
              <label for="enroll-phone">Mobile phone number</label>
              <input id="enroll-phone" name="phone_number" type="tel" autocomplete="tel"
                placeholder="+1 415 555 0123" aria-describedby="enroll-phone-hint" />
              <p id="enroll-phone-hint" class="hint">International format: + and the country code first.</p>
            </div>
            <div id="enroll-email-field" hidden>
              <label for="enroll-email">E-mail address for codes</label>
              <input id="enroll-email" name="email" type="email" autocomplete="email" />
            </div>
            <button type="submit">Send code</button>
          </form>
        </section>

        <section id="step-factor" aria-labelledby="title-factor" hidden>
          <h2 id="title-factor">Verify it's you</h2>
          <form id="factor-form">
            <fieldset>
              <legend>Where should we send your code?</legend>
              <div id="factor-list"></div>
            </fieldset>
            <button type="submit">Send code</button>
            <button type="button" id="use-recovery" class="link">Use a recovery code instead</button>
          </form>
        </section>

        <section id="step-code" aria-labelledby="title-code" hidden>
          <h2 id="title-code">Enter your code</h2>
          <p id="code-info"></p>
          <form id="code-form">
            <label for="code" id="code-label">6-digit code</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
              pattern="\\s*([0-9]\\s*){6}" maxlength="9" title="The 6 digits of the code" required aria-describedby="code-expiry verify-wait" />
            <p id="code-expiry" class="hint"></p>
            <p id="verify-wait" class="hint"></p>
            <button type="submit" id="verify">Verify</button>
            <div id="resend-row" class="resend">
              <button type="button" id="resend" class="secondary" aria-describedby="resend-wait">Send a new code</button>
              <span id="resend-wait" class="hint"></span>
            </div>
            <button type="button" id="code-back" class="link">Choose another way</button>
          </form>
        </section>

        <section id="step-recovery" aria-labelledby="title-recovery" hidden>
          <h2 id="title-recovery">Use a recovery code</h2>
          <form id="recovery-form">
            <label for="recovery-input">Recovery code</label>
            <input id="recovery-input" name="recovery_code" type="text" autocomplete="off"
              spellcheck="false" required />
            <button type="submit">Sign in</button>
            <button type="button" id="recovery-back" class="link">Back</button>
          </form>
        </section>

        <section id="step-save-recovery" aria-labelledby="title-save-recovery" hidden>
          <h2 id="title-save-recovery">Save your recovery code</h2>
          <p>If you lose your phone, this code is the only way back into your account. It comes with
            your first enrollment and is shown <strong>only once</strong>, now: write it down or keep
            it in your password manager before you go on.</p>
          <p id="recovery-code" class="recovery-code" tabindex="-1" data-focus-first></p>
          <form id="save-recovery-form">
            <div class="choice"><input type="checkbox" id="recovery-saved" required />
              <label for="recovery-saved">I have saved my recovery code</label></div>
            <button type="submit">Continue</button>
          </form>
        </section>

        <section id="step-done" aria-labelledby="title-done" hidden>
          <h2 id="title-done">You are signed in</h2>
          <dl class="facts">
            <dt>Token type</dt><dd id="done-type"></dd>
            <dt>Access token expires</dt><dd id="done-expires"></dd>
            <dt>Scope</dt><dd id="done-scope"></dd>
            <dt>Refresh token</dt><dd id="done-refresh"></dd>
          </dl>
          <p class="hint">The tokens live only in this page's memory: reloading the page forgets them.</p>
          <button type="button" id="sign-out" data-focus-first>Sign out</button>
        </section>
      </main>
      ${options.inbox ? INBOX : ''}
    </div>
  </body>
</html>
`;
}

export const DEMO_CSS = `
:root { color-scheme: light; --ink: #1c2430; --muted: #5b6676; --line: #d5dbe3; --accent: #2f5bd3;
  --accent-ink: #fff; --bad: #a4161a; --bad-bg: #fdecec; --bg: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
.top { max-width: 980px; margin: 0 auto 16px; }
.brand { margin: 0; font-weight: 700; font-size: 1.1rem; }
.brand span { font-weight: 400; color: var(--muted); }
.layout { display: flex; flex-wrap: wrap; gap: 20px; max-width: 980px; margin: 0 auto; align-items: flex-start; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 24px; }
main.card { flex: 1 1 420px; max-width: 520px; }
.inbox { flex: 1 1 300px; max-width: 420px; }
.notice { max-width: 980px; margin: 0 auto 16px; }
h2 { margin: 0 0 12px; font-size: 1.35rem; }
.inbox h2 { font-size: 1.1rem; }
form { display: flex; flex-direction: column; gap: 8px; }
p + form { margin-top: 12px; }
label { font-weight: 600; }
fieldset { border: 0; margin: 0 0 8px; padding: 0; }
legend { font-weight: 600; margin-bottom: 6px; padding: 0; }
.choice { display: flex; align-items: center; gap: 8px; padding: 4px 0; }
.choice label { font-weight: 400; }
input[type=text], input[type=email], input[type=password], input[type=tel] { width: 100%; padding: 10px 12px;
  font: inherit; border: 1px solid #9aa5b4; border-radius: 6px; }
#code { font-size: 1.5rem; letter-spacing: 0.3em; max-width: 12ch; font-variant-numeric: tabular-nums; }
input[aria-invalid=true] { border-color: var(--bad); }
button { font: inherit; padding: 10px 16px; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-ink); cursor: pointer; align-self: flex-start; }
button.secondary { background: #fff; color: var(--accent); }
button.link { background: none; border: 0; color: var(--accent); padding: 4px 0; text-decoration: underline; }
button:disabled { opacity: 0.55; cursor: not-allowed; }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.row { display: flex; gap: 8px; }
.resend { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.hint { color: var(--muted); font-size: 0.92rem; margin: 0; }
.hint:empty { display: none; }
.error { background: var(--bad-bg); color: var(--bad); border: 1px solid #f3b8b8; border-radius: 6px;
  padding: 10px 12px; margin-bottom: 16px; }
.recovery-code { font: 600 1.3rem/1.4 ui-monospace, Menlo, Consolas, monospace; letter-spacing: 0.08em;
  background: #fff8e1; border: 1px dashed #c99a00; border-radius: 6px; padding: 12px; word-break: break-all; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.inbox-list { list-style: none; margin: 12px 0 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.inbox-list li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; display: flex;
  justify-content: space-between; align-items: center; gap: 12px; }
.inbox-list .meta { color: var(--muted); font-size: 0.88rem; }
.inbox-code { font: 700 1.2rem ui-monospace, Menlo, Consolas, monospace; letter-spacing: 0.12em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
[hidden] { display: none !important; }
`;
