import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the Wharf server at /client/ (packages/server/src/features/client-app).
export default defineConfig({
  root: import.meta.dirname,
  base: '/client/',
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
