/**
 * Vite build of the web UI: `npx vite build --config web/vite.config.ts` → web/dist,
 * which the API server serves at / (with index.html as the SPA fallback).
 * The UI imports a few pure modules from ../src (statuses, conditions, form
 * validation, IIN check digit) so the browser and the server apply the same rules.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here, // = web/
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist', // relative to root → web/dist
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: 5173,
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': 'http://localhost:3000' },
  },
});
