import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Main and preload are bundled for Electron; the renderer is a plain web build that
// `rackside web` also serves, so it must not assume Node or Electron globals.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
        // Native and SSH modules stay outside the bundle: they load from node_modules.
        external: ['better-sqlite3', 'ssh2', 'cpu-features']
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle its dependencies (zod).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') }
    },
    plugins: [react()]
  }
})
