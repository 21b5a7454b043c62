// node harness: node runner.mjs PROGRAM.wasm
// Compiles and instantiates the module (not timed), times one call of run() with
// process.hrtime, prints "BENCH <seconds> <checksum>" like the C harnesses.
// bench/run starts node with --no-liftoff so every function is compiled by TurboFan before
// run() starts (V8 has no on-stack replacement for wasm: a long loop started in the baseline
// tier would stay there).
import { readFileSync } from 'node:fs';

function hostMix(x) { // harness/host.h, in 32-bit unsigned JS arithmetic
  x = x >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  return x | 0;
}

const bytes = readFileSync(process.argv[2]);
const module = new WebAssembly.Module(bytes);
const instance = new WebAssembly.Instance(module, { env: { host_mix: hostMix } });
const run = instance.exports.run;
const t0 = process.hrtime.bigint();
const r = run();
const t1 = process.hrtime.bigint();
const sum = typeof r === 'bigint' ? BigInt.asUintN(64, r) : BigInt(r >>> 0);
console.log(`BENCH ${(Number(t1 - t0) / 1e9).toFixed(9)} ${sum}`);
