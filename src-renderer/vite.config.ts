import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The renderer is static files served by the main process (browser mode) or loaded by Electron from
// the app's own protocol: relative asset paths, no inline scripts (the CSP forbids them).
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    // React + zod (the contract's schemas) in the entry; xterm.js and its WebGL addon load on demand.
    chunkSizeWarningLimit: 600,
  },
});
