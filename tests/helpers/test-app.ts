import type { LoadedIndex } from '../../index/store/format.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';

/** The app as a test drives it: one fixed index, no admin token, no log output. */
export function appFor(index: LoadedIndex): ReturnType<typeof createApp> {
  return createApp({ index: swappableIndex(index), config: { adminToken: null }, log: () => {} });
}
