import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes a .br (quality 11) and a .gz (level 9) beside every text asset of
 * the build, so the gateway sends them as they are (no compression per
 * request, and the best ratio). Fonts (woff2) and images are compressed already.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|css|svg|json|txt)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const file = path.join(outDir, f);
          const raw = await fs.readFile(file);
          if (raw.length < 1024) return;
          const br = await brotli(raw, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          });
          await fs.writeFile(`${file}.br`, br);
          await fs.writeFile(`${file}.gz`, await gzip(raw, { level: 9 }));
        }),
      );
    },
  };
}

/**
 * Writes dist/shell-files.json: every script and style of the build, lazy
 * chunks included, which the service worker caches at install so that every
 * section opens offline (index.html names only the entry chunk).
 */
function shellFiles(): Plugin {
  let outDir = 'dist';
  return {
    name: 'shell-files',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => /^assets\/.+\.(js|css|woff2)$/.test(f))
        .map((f) => `/${f}`)
        .sort();
      await fs.writeFile(path.join(outDir, 'shell-files.json'), JSON.stringify(files));
    },
  };
}

// The gateway serves dist/ at /: hashed files under /assets are cached for a
// year, index.html is revalidated on every load.
export default defineConfig({
  plugins: [react(), precompress(), shellFiles()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 900 },
  server: {
    // `npm run dev --workspace apps/web` talks to a gateway started by `npm start`.
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/payments': 'http://127.0.0.1:4000',
      '/auth': 'http://127.0.0.1:4000',
    },
  },
});
