import { describe } from '@jest/globals';
import { existsSync } from 'node:fs';
import jsQR from 'jsqr';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser (.ci/run installs it with apt when missing). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` where Chromium is; outside CI a machine without it skips the suite and says so, under CI
 * the suite runs and fails.
 */
export function describeWithChromium(what: string): typeof describe {
  if (existsSync(CHROMIUM) || process.env.CI) return describe;
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: ${what} needs Chromium at ${CHROMIUM} (apt install chromium)`);
  return describe.skip as typeof describe;
}

/** Headless, with the flags a closed network needs. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} did not start: ${String(error)}`, { cause: error });
  }
}

/**
 * What a QR decoder (jsQR) reads from an `<img>` on the page as the browser draws it, scaled to `size`
 * pixels on white: the test of a QR code that any authenticator app would have to pass.
 */
export async function qrCodeOf(
  page: Page,
  imageSelector: string,
  size = 240,
): Promise<string | undefined> {
  // As a string: this project's TypeScript has no DOM types.
  const pixels = await page.evaluate<string>(`(async () => {
    const image = document.querySelector(${JSON.stringify(imageSelector)});
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = ${size};
    canvas.height = ${size};
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, ${size}, ${size});
    context.drawImage(image, 0, 0, ${size}, ${size});
    const data = context.getImageData(0, 0, ${size}, ${size}).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 8192) {
      binary += String.fromCharCode.apply(null, data.subarray(i, i + 8192));
    }
    return btoa(binary);
  })()`);
  return jsQR(new Uint8ClampedArray(Buffer.from(pixels, 'base64')), size, size)?.data;
}
