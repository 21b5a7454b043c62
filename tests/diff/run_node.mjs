// Differential testing, the V8 side: runs one module the way tests/diff/host.c
// runs its translation, printing the same protocol (tests/diff/README.md).
//
//   node run_node.mjs MODULE.wasm POOL ROUNDS
//   node run_node.mjs --serve      (requests "MODULE\tPOOL\tROUNDS" on stdin,
//                                   each answered by its output and "@@end")
//
// POOL is a comma-separated list of 64-bit hex values that arguments are
// taken from, ROUNDS how many times every export is called (round 0 passes
// zeros, later rounds values from the pool). Standard library only.
import fs from 'node:fs';
import readline from 'node:readline';

let out = [];
const emit = (line) => out.push(line);

// ---- A minimal reader of the sections we need: types, imports, functions, exports.

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FUNCREF = 0x70, EXTERNREF = 0x6f;

function readModule(b) {
  let p = 8;
  const u32 = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = b[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const name = () => {
    const n = u32();
    const s = b.subarray(p, p + n);
    p += n;
    return s;
  };
  const types = [], funcs = [], exports = [];
  while (p < b.length) {
    const id = b[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        p++; // 0x60
        const params = [], results = [];
        for (let k = u32(); k > 0; k--) params.push(b[p++]);
        for (let k = u32(); k > 0; k--) results.push(b[p++]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = b[p++];
        if (kind === 0) funcs.push(u32());
        else if (kind === 1) { p++; limits(); }
        else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else if (kind === 4) { p++; u32(); }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcs.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const nm = name();
        const kind = b[p++];
        const index = u32();
        exports.push({ name: nm, kind, index });
      }
    }
    p = end;
  }
  function limits() {
    const flags = b[p++];
    u32();
    if (flags & 1) u32();
  }
  return { types, funcs, exports };
}

// Export names as the C side prints them: printable ASCII kept, other bytes and '\' as \xx.
function printable(nameBytes) {
  let s = '';
  for (const ch of nameBytes) {
    if (ch >= 0x20 && ch < 0x7f && ch !== 0x5c) s += String.fromCharCode(ch);
    else s += '\\' + ch.toString(16).padStart(2, '0');
  }
  return s;
}

// ---- Values

const scratch = new DataView(new ArrayBuffer(8));
const hex = (v, digits) => '0x' + v.toString(16).padStart(digits, '0');

function f32Bits(x) {
  scratch.setFloat32(0, x, true);
  return scratch.getUint32(0, true);
}
function f64Bits(x) {
  scratch.setFloat64(0, x, true);
  return scratch.getBigUint64(0, true);
}

function format(type, v) {
  switch (type) {
    case I32: return 'i32:' + hex(v >>> 0, 8);
    case I64: return 'i64:' + hex(BigInt.asUintN(64, v), 16);
    case F32: return 'f32:' + hex(f32Bits(v), 8);
    case F64: return 'f64:' + hex(f64Bits(v), 16);
    case FUNCREF: return v === null ? 'funcref:null' : 'funcref:nonnull';
    case EXTERNREF: return v === null ? 'externref:null' : 'externref:nonnull';
    default: return 'type' + type + ':?';
  }
}

// The argument of type `type` made from the 64-bit pattern `bits` (host.c: make_arg).
function makeArg(type, bits) {
  const lo = Number(bits & 0xffffffffn);
  switch (type) {
    case I32: return lo | 0;
    case I64: return BigInt.asIntN(64, bits);
    case F32: {
      let b32 = lo >>> 0;
      if ((b32 & 0x7f800000) === 0x7f800000 && (b32 & 0x7fffff) !== 0) b32 = 0x7fc00000;
      scratch.setUint32(0, b32, true);
      return scratch.getFloat32(0, true);
    }
    case F64: {
      let b64 = bits;
      if ((b64 & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b64 & 0xfffffffffffffn) !== 0n)
        b64 = 0x7ff8000000000000n;
      scratch.setBigUint64(0, b64, true);
      return scratch.getFloat64(0, true);
    }
    default: return null;
  }
}

// ---- Traps: V8's messages mapped to the classes host.c prints

const messageClass = new Map([
  ['unreachable', 'unreachable'],
  ['memory access out of bounds', 'memory'],
  ['divide by zero', 'div0'],
  ['remainder by zero', 'div0'],
  ['divide result unrepresentable', 'overflow'],
  ['float unrepresentable in integer range', 'conversion'],
  ['table index is out of bounds', 'table'],
  ['null function or function signature mismatch', 'indirect'],
  ['dereferencing a null pointer', 'null'],
]);

function trapClass(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    const cls = messageClass.get(e.message);
    return cls || 'other:' + JSON.stringify(e.message);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'exhaustion';
  if (e instanceof TypeError && /type incompatibility/.test(e.message)) return 'jstype';
  return 'other:' + (e && e.constructor ? e.constructor.name : '?') + ':' + JSON.stringify(String(e && e.message));
}

// ---- The fuzzing-support imports: each logs its argument

const logger = (type) => (v) => emit('log ' + format(type, v));
const imports = {
  'fuzzing-support': {
    'log-i32': logger(I32),
    'log-i64': logger(I64),
    'log-f32': logger(F32),
    'log-f64': logger(F64),
    // V8 throws a TypeError at the boundary before this runs (v128 is not a JS value).
    'log-v128': () => emit('log v128:?'),
  },
};

// ---- Run

function runModule(bytes, pool, rounds) {
  let module, instance;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    emit('invalid ' + e.constructor.name);
    return;
  }
  const info = readModule(bytes);
  try {
    instance = new WebAssembly.Instance(module, imports);
    emit('instantiate ok');
  } catch (e) {
    emit(e instanceof WebAssembly.LinkError ? 'instantiate link-error' : 'instantiate trap ' + trapClass(e));
    return;
  }
  const decoder = new TextDecoder();
  const funcs = info.exports.filter((e) => e.kind === 0).map((e) => {
    const type = info.types[info.funcs[e.index]];
    return { label: printable(e.name), js: instance.exports[decoder.decode(e.name)], type };
  });
  const hangInit = instance.exports.hangLimitInitializer;
  let callIndex = 0;
  for (let round = 0; round < rounds; round++) {
    for (const f of funcs) {
      const k = callIndex++;
      emit('call ' + f.label);
      if (typeof hangInit === 'function') {
        try {
          hangInit();
        } catch (e) {
          emit('hang-init trap ' + trapClass(e));
        }
      }
      const args = f.type.params.map((t, j) =>
        makeArg(t, round === 0 ? 0n : pool[(k * 3 + j) % pool.length]));
      let r;
      try {
        r = f.js(...args);
      } catch (e) {
        emit('trap ' + trapClass(e));
        continue;
      }
      const results = f.type.results;
      const values = results.length === 1 ? [r] : results.length === 0 ? [] : Array.from(r);
      emit('return' + values.map((v, i) => ' ' + format(results[i], v)).join(''));
    }
  }
}

function runFile(file, poolText, roundsText) {
  out = [];
  const pool = poolText ? poolText.split(',').map((h) => BigInt('0x' + h)) : [0n];
  try {
    runModule(fs.readFileSync(file), pool, Number(roundsText || '1'));
  } catch (e) {
    emit('harness-error ' + JSON.stringify(String(e && e.stack)));
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

if (process.argv[2] === '--serve') {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    const [file, poolText, roundsText] = line.split('\t');
    process.stdout.write(runFile(file, poolText, roundsText) + '@@end\n');
  });
} else {
  process.stdout.write(runFile(...process.argv.slice(2, 5)));
}
