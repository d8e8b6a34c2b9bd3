// A small reader for (ustar / pax / GNU) tar archives: enough for npm's package tarballs and
// the official CIFAR-10 archive. Regular files only; directories and links are skipped.

export type TarEntries = Map<string, Uint8Array>;

const BLOCK = 512;

function field(h: Uint8Array, at: number, len: number): string {
  const end = h.indexOf(0, at);
  return Buffer.from(h.subarray(at, end === -1 || end > at + len ? at + len : end)).toString('utf8');
}

function octal(h: Uint8Array, at: number, len: number, fail: (m: string) => never): number {
  const s = field(h, at, len).trim();
  if (!/^[0-7]*$/.test(s)) fail(`bad octal field '${s}'`);
  return s === '' ? 0 : parseInt(s, 8);
}

function checksumOk(h: Uint8Array, fail: (m: string) => never): boolean {
  const want = octal(h, 148, 8, fail);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum === want;
}

/** Reads the `path=` record of a pax extended header, if any. */
function paxPath(data: Uint8Array): string | undefined {
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(Buffer.from(data).toString('utf8'));
  return m?.[1];
}

/** Lists the regular files of an uncompressed tar archive; `source` names it in errors. */
export function readTar(bytes: Uint8Array, source = '<tar>'): TarEntries {
  const fail = (m: string): never => {
    throw new Error(`${source}: corrupt tar archive: ${m}`);
  };
  const out: TarEntries = new Map();
  let at = 0;
  let longName: string | undefined;
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return out; // end-of-archive marker
    if (!checksumOk(h, fail)) fail(`header checksum mismatch at byte ${at}`);
    const size = octal(h, 124, 12, fail);
    const type = String.fromCharCode(h[156] || 0x30);
    const start = at + BLOCK;
    if (start + size > bytes.length) fail(`truncated: entry at byte ${at} needs ${size} bytes, ${bytes.length - start} left`);
    const data = new Uint8Array(bytes.buffer, bytes.byteOffset + start, size); // a view, never a Buffer
    const prefix = field(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    if (type === 'x') longName = paxPath(data);
    else if (type === 'L') longName = field(data, 0, size);
    else if (type === '0' || type === '7') out.set(name.replace(/^\.\//, ''), data);
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return fail('truncated: no end-of-archive marker');
}
