/** The emulator's only entrance: nothing outside src/emulator imports anything else from it. */
export { loadEmulatorOptions } from './emulator-options';
export type { EmulatorOptions } from './emulator-options';
export { startEmulator } from './start-emulator';
export type { RunningEmulator } from './start-emulator';
