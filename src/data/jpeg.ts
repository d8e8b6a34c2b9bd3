// JPEG decoding to interleaved RGB with jpeg-js (pure JS, so it bundles for machines without
// npm; within ±2 levels of libjpeg). Greyscale JPEGs come out with R = G = B.
import jpeg from 'jpeg-js';

/** The w x h x 3 RGB pixels of a JPEG; throws a one-line error naming `source` if it is not one. */
export function decodeJpegRgb(bytes: Uint8Array, width: number, height: number, source: string, fix: string): Uint8Array {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    // Not tolerant: a truncated or corrupt file must fail, not decode to grey blocks.
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: 4 });
  } catch (err) {
    throw new Error(`${source}: cannot decode JPEG (${(err as Error).message}); ${fix}`);
  }
  if (img.width !== width || img.height !== height) {
    throw new Error(`${source}: JPEG is ${img.width}x${img.height}, expected ${width}x${height}; ${fix}`);
  }
  return img.data;
}
