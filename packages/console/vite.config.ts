import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page is served by the Wharf server at / and its assets under /console/
// (packages/server/src/features/console-app).
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/runtime': 'http://127.0.0.1:8080',
      '/pkg': 'http://127.0.0.1:8080',
    },
  },
});
