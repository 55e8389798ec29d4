import { defineConfig } from 'vitest/config';

// The bundle lands where Quarkus serves static files from (META-INF/resources on the class path),
// so web-ui's jar carries the page and the /api proxy on one origin.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
