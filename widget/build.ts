import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./src/index.ts', import.meta.url));
export const WIDGET_OUTPUT = fileURLToPath(new URL('./dist/vcc-payment.js', import.meta.url));

/** The widget as one minified ES module, with no dependency: what a CRM page loads. */
export async function buildWidget(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

// `npm run build:widget`: writes widget/dist/vcc-payment.js and reports its size.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await buildWidget();
  mkdirSync(fileURLToPath(new URL('./dist/', import.meta.url)), { recursive: true });
  writeFileSync(WIDGET_OUTPUT, code);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`${WIDGET_OUTPUT}: ${kib(Buffer.byteLength(code))}, ${kib(gzipSync(code, { level: 9 }).length)} gzipped`);
}
