// Finds libtorch and prints the compiler/linker flags to build the addon against it.
// Looks, in order, at $LIBTORCH_DIR (a folder with include/ and lib/), a Python torch install
// (python3 -c 'import torch'), and Debian's libtorch-dev (/usr/include, the multiarch lib dir).
// $LIBTORCH_CXX11_ABI (0/1) overrides the C++ ABI read from TorchConfig.cmake or Python.
//   node find_libtorch.mjs json|include|cflags|ldflags|libs   (exit 1 with one line if none)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function pythonTorch() {
  const code = 'import torch, os; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.__version__)';
  for (const py of [process.env.PYTHON ?? 'python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', code], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) continue;
    const [root, abi, ver] = r.stdout.trim().split('\n');
    if (root && existsSync(join(root, 'include', 'ATen', 'ATen.h')) && existsSync(join(root, 'lib'))) {
      const [major, minor] = (ver ?? '').split('.').map(Number);
      return { root, include: join(root, 'include'), libdir: join(root, 'lib'), abi: abi === '1' ? 1 : 0, source: `python torch ${ver} (${py})`, ver: major ? [major, minor ?? 0] : undefined };
    }
  }
  return undefined;
}

function fromDir(root, source) {
  if (!existsSync(join(root, 'include', 'ATen', 'ATen.h'))) return undefined;
  return { root, include: join(root, 'include'), libdir: join(root, 'lib'), abi: undefined, source, ver: undefined };
}

function debian() {
  const libdir = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'].find((d) => existsSync(join(d, 'libtorch.so')));
  if (!libdir || !existsSync('/usr/include/ATen/ATen.h')) return undefined;
  return { root: '/usr', include: '/usr/include', libdir, abi: undefined, source: 'Debian libtorch-dev', ver: undefined };
}

/** TORCH_VERSION_MAJOR/MINOR from the headers (torch ≥ 2.8 keeps them in torch/headeronly/); [99, 0] if unknown. */
function version(include) {
  const files = ['torch/csrc/api/include/torch/version.h', 'torch/headeronly/version.h', 'torch/version.h'].map((f) => join(include, f));
  const text = files.filter(existsSync).map((f) => readFileSync(f, 'utf8')).join('\n');
  const num = (k) => new RegExp(`#define TORCH_VERSION_${k}\\s+(\\d+)`).exec(text)?.[1];
  const major = num('MAJOR');
  return major === undefined ? [99, 0] : [Number(major), Number(num('MINOR') ?? 0)];
}

/** The C++ ABI libtorch was built with (TorchConfig.cmake says), 1 when unknown. */
function cxx11Abi(lib) {
  if (process.env.LIBTORCH_CXX11_ABI) return Number(process.env.LIBTORCH_CXX11_ABI);
  if (lib.abi !== undefined) return lib.abi;
  for (const f of [join(lib.libdir, 'cmake', 'Torch', 'TorchConfig.cmake'), join(lib.root, 'share', 'cmake', 'Torch', 'TorchConfig.cmake')]) {
    if (existsSync(f)) {
      const m = /_GLIBCXX_USE_CXX11_ABI=(\d)/.exec(readFileSync(f, 'utf8'));
      if (m) return Number(m[1]);
    }
  }
  return 1;
}

/**
 * The CUDA runtime headers that ATen's CUDA graph API includes: $CUDA_HOME, /usr/local/cuda,
 * or the nvidia-* wheels a pip torch depends on (site-packages/nvidia/<pkg>/include). [] if none.
 */
function cudaIncludes(lib) {
  const dirs = [process.env.CUDA_HOME && join(process.env.CUDA_HOME, 'include'), '/usr/local/cuda/include'];
  const wheels = join(lib.root, '..', 'nvidia');
  if (existsSync(wheels)) for (const pkg of readdirSync(wheels)) dirs.push(join(wheels, pkg, 'include'));
  const found = dirs.filter((d) => d && existsSync(join(d, 'cuda_runtime_api.h')));
  // The wheels split the toolkit's headers over several packages: keep all of them.
  return found.length === 0 ? [] : [...new Set([...found, ...dirs.filter((d) => d && d.startsWith(wheels) && existsSync(d))])];
}

export function findLibtorch() {
  const env = process.env.LIBTORCH_DIR;
  // An explicit $LIBTORCH_DIR is the only place looked at.
  const lib = env ? fromDir(env, '$LIBTORCH_DIR') : pythonTorch() ?? debian();
  if (!lib) return undefined;
  const [major, minor] = lib.ver ?? version(lib.include);
  const cuda = existsSync(join(lib.libdir, 'libtorch_cuda.so'));
  const libs = ['-lc10', '-ltorch_cpu', '-ltorch'];
  // torch_cuda registers the CUDA kernels at load time; nothing references it directly.
  if (cuda) libs.push('-Wl,--no-as-needed', '-ltorch_cuda', '-lc10_cuda', '-Wl,--as-needed');
  // CUDA graphs (csrc/graph.cc) need the CUDA runtime headers besides libtorch's own.
  const cudaInc = cuda && existsSync(join(lib.include, 'ATen', 'cuda', 'CUDAGraph.h')) ? cudaIncludes(lib) : [];
  const graphs = cudaInc.length > 0;
  return {
    ...lib, ver: undefined, version: `${major}.${minor}`, cuda, graphs,
    includes: [lib.include, join(lib.include, 'torch', 'csrc', 'api', 'include'), ...cudaInc],
    cflags: [...(graphs ? ['-DSNIP_TORCH_CUDA'] : []), major >= 2 ? '-std=c++20' : '-std=c++17', `-D_GLIBCXX_USE_CXX11_ABI=${cxx11Abi(lib)}`, '-O2', '-fexceptions', '-frtti', '-Wno-deprecated-declarations', '-Wno-unused-parameter'],
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
