// Runs a WASI command module under node's WASI (preview1), for comparison.
// usage: node --no-warnings --experimental-wasi-unstable-preview1 node_wasi.mjs CONFIG.json
// (the flag is needed by node 18, accepted and ignored by node 20)
// CONFIG: {"wasm": path, "args": [argv0, ...], "env": {K: V}, "preopens": {guest: host}}
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const wasi = new WASI({
  version: 'preview1',
  args: cfg.args,
  env: cfg.env,
  preopens: cfg.preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(cfg.wasm));
// getImportObject() is node >= 19.8; older versions take wasiImport directly.
const imports = wasi.getImportObject ? wasi.getImportObject()
                                     : { wasi_snapshot_preview1: wasi.wasiImport };
const instance = await WebAssembly.instantiate(module, imports);
let code;
try {
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`wasm trap: ${e.message}\n`);
  code = 134;
}
process.exitCode = code;
