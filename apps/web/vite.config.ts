import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves dist/ at /: hashed files under /assets are cached for a
// year, index.html is revalidated on every load.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 900 },
  server: {
    // `npm run dev --workspace apps/web` talks to a gateway started by `npm start`.
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true }, '/payments': 'http://127.0.0.1:4000' },
  },
});
