import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:unit`: the fast suites, i.e. those of vitest.config.ts but tests/e2e/ (the ones that spawn the CLI
 * or the server as child processes); tests/browser/ is excluded there already, and arrays merge, so this only adds
 * to the exclude list. Test files share one module graph instead of each starting afresh (`isolate: false`), which
 * halves the time; `npm test` still runs every file isolated, so a suite that leaks state into another shows there.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['tests/e2e/**'],
      isolate: false,
    },
  }),
);
