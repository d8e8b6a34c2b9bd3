// Finds libtorch and prints the compiler/linker flags to build the addon against it.
// Looks, in order, at $LIBTORCH_DIR (a folder with include/ and lib/), a Python torch install
// (python3 -c 'import torch'), and Debian's libtorch-dev (/usr/include, the multiarch lib dir).
//   node find_libtorch.mjs json|include|cflags|ldflags|libs   (exit 1 with one line if none)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function pythonTorch() {
  const code = 'import torch, os; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI))';
  for (const py of [process.env.PYTHON ?? 'python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', code], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) continue;
    const [root, abi] = r.stdout.trim().split('\n');
    if (root && existsSync(join(root, 'include', 'ATen', 'ATen.h')) && existsSync(join(root, 'lib'))) {
      return { root, include: join(root, 'include'), libdir: join(root, 'lib'), abi: abi === '1' ? 1 : 0, source: `python torch (${py})` };
    }
  }
  return undefined;
}

function fromDir(root, source) {
  if (!existsSync(join(root, 'include', 'ATen', 'ATen.h'))) return undefined;
  return { root, include: join(root, 'include'), libdir: join(root, 'lib'), abi: undefined, source };
}

function debian() {
  const libdir = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'].find((d) => existsSync(join(d, 'libtorch.so')));
  if (!libdir || !existsSync('/usr/include/ATen/ATen.h')) return undefined;
  return { root: '/usr', include: '/usr/include', libdir, abi: undefined, source: 'Debian libtorch-dev' };
}

/** TORCH_VERSION_MAJOR/MINOR from the headers. */
function version(include) {
  const file = [join(include, 'torch', 'csrc', 'api', 'include', 'torch', 'version.h'), join(include, 'torch', 'version.h')].find(existsSync);
  if (!file) return [2, 0];
  const text = readFileSync(file, 'utf8');
  const num = (k) => Number(new RegExp(`#define TORCH_VERSION_${k} (\\d+)`).exec(text)?.[1] ?? 0);
  return [num('MAJOR'), num('MINOR')];
}

/** The C++ ABI libtorch was built with (TorchConfig.cmake says), 1 when unknown. */
function cxx11Abi(lib) {
  if (lib.abi !== undefined) return lib.abi;
  for (const f of [join(lib.libdir, 'cmake', 'Torch', 'TorchConfig.cmake'), join(lib.root, 'share', 'cmake', 'Torch', 'TorchConfig.cmake')]) {
    if (existsSync(f)) {
      const m = /_GLIBCXX_USE_CXX11_ABI=(\d)/.exec(readFileSync(f, 'utf8'));
      if (m) return Number(m[1]);
    }
  }
  return 1;
}

export function findLibtorch() {
  const env = process.env.LIBTORCH_DIR;
  const lib = (env ? fromDir(env, '$LIBTORCH_DIR') : undefined) ?? pythonTorch() ?? debian();
  if (!lib) return undefined;
  const [major, minor] = version(lib.include);
  const cuda = existsSync(join(lib.libdir, 'libtorch_cuda.so'));
  const libs = ['-lc10', '-ltorch_cpu', '-ltorch'];
  // torch_cuda registers the CUDA kernels at load time; nothing references it directly.
  if (cuda) libs.push('-Wl,--no-as-needed', '-ltorch_cuda', '-lc10_cuda', '-Wl,--as-needed');
  return {
    ...lib, version: `${major}.${minor}`, cuda,
    includes: [lib.include, join(lib.include, 'torch', 'csrc', 'api', 'include')],
    cflags: [major >= 2 ? '-std=c++20' : '-std=c++17', `-D_GLIBCXX_USE_CXX11_ABI=${cxx11Abi(lib)}`, '-O2', '-fexceptions', '-frtti', '-Wno-deprecated-declarations', '-Wno-unused-parameter'],
    ldflags: [`-L${lib.libdir}`, `-Wl,-rpath,${lib.libdir}`],
    libs,
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop());
if (isMain) {
  const lib = findLibtorch();
  if (!lib) {
    console.error('libtorch not found: set LIBTORCH_DIR, install a Python torch, or apt-get install libtorch-dev');
    process.exit(1);
  }
  const what = process.argv[2] ?? 'json';
  const out = { json: JSON.stringify(lib, null, 1), include: lib.includes.join(' '), cflags: lib.cflags.join(' '), ldflags: lib.ldflags.join(' '), libs: lib.libs.join(' ') }[what];
  if (out === undefined) { console.error(`unknown query ${what}; valid: json include cflags ldflags libs`); process.exit(2); }
  console.log(out);
}
