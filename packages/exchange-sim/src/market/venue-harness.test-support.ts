// Test-only (excluded from the build): closes what a venue test opened, and small helpers its tests share.
import { afterEach } from '@jest/globals';
import { RecordingClient } from './recording-client.test-support.js';

/** Anything with an async close. */
interface Closable {
  close(): Promise<void>;
}

/** Tracks sims and clients of a test file and closes them after each test. */
export interface VenueHarness {
  /** Remembers a started sim so it is closed after the test. */
  track<T extends Closable>(sim: T): T;
  /** Opens a recording client. */
  connect(url: string): Promise<RecordingClient>;
}

/** Registers an afterEach closing every client, then every sim, opened through the harness. */
export function useVenueHarness(): VenueHarness {
  const sims: Closable[] = [];
  const clients: RecordingClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });
  return {
    track<T extends Closable>(sim: T): T {
      sims.push(sim);
      return sim;
    },
    async connect(url: string): Promise<RecordingClient> {
      const client = await RecordingClient.open(url);
      clients.push(client);
      return client;
    },
  };
}

/** Repeats `action` every `everyMs` until `condition` holds (a state to reach, such as a pong after a silence). */
export async function repeatUntil(action: () => void, condition: () => boolean, everyMs = 25): Promise<void> {
  while (!condition()) {
    action();
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
