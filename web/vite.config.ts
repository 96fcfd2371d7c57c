// Vite builds the web app into web/dist, which the server serves (src/http/static.ts).
// JSX goes through esbuild's automatic runtime: no React plugin needed for a production build.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // Mantine marks its modules "use client" for React Server Components; a browser bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /use client/.test(warning.message)) return;
        warn(warning);
      },
      output: {
        // Keep the framework apart from the screens, so that a route's chunk holds only its own code.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(recharts|d3-|victory-vendor|@mantine\/charts|decimal\.js-light|es-toolkit|immer|@reduxjs|redux|react-redux|reselect)/.test(id)) return 'charts';
          if (/node_modules\/(@mantine\/dates|dayjs)/.test(id)) return 'dates';
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|@tanstack)\//.test(id)) return 'react';
          if (/node_modules\/@mantine\//.test(id)) return 'mantine';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/openapi.json': 'http://localhost:3000' },
  },
});
