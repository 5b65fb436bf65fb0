// Checks the images a request carries against the API's documented vision limits, reading
// the real pixel size from the encoded bytes (PNG, JPEG, GIF, WebP headers).

// Limits from Anthropic's vision documentation: a side may be at most 8000 px, or 2000 px
// once a request holds more than 20 images; an image may be at most 5 MB (measured here on
// the base64 text, the stricter reading).
const MAX_SIDE_PX = 8000;
const MAX_SIDE_PX_MANY_IMAGES = 2000;
const MANY_IMAGES = 20;
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface ImageFacts {
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  width: number;
  height: number;
}

const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (JPEG_FRAME_MARKERS.has(marker)) return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
}

function webpSize(bytes: Buffer): { width: number; height: number } | undefined {
  const kind = bytes.toString('latin1', 12, 16);
  if (kind === 'VP8 ' && bytes.length >= 30) return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (kind === 'VP8L' && bytes.length >= 25) {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (kind === 'VP8X' && bytes.length >= 30) return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  return undefined;
}

/** What the bytes really are, or undefined when they are no image the API accepts. */
export function readImage(bytes: Buffer): ImageFacts | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { mediaType: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') {
    return { mediaType: 'image/gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    const size = jpegSize(bytes);
    return size && { mediaType: 'image/jpeg', ...size };
  }
  if (bytes.length >= 16 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const size = webpSize(bytes);
    return size && { mediaType: 'image/webp', ...size };
  }
  return undefined;
}

export interface ImageBlockAt {
  path: string;
  block: { source?: { type?: string; media_type?: string; data?: unknown } };
}

/** Problems with the base64 images of one request, each naming the image's path. */
export function imageProblems(images: ImageBlockAt[]): string[] {
  const problems: string[] = [];
  const maxSide = images.length > MANY_IMAGES ? MAX_SIDE_PX_MANY_IMAGES : MAX_SIDE_PX;
  for (const { path, block } of images) {
    const source = block.source;
    if (source?.type !== 'base64') continue;
    if (typeof source.data !== 'string') {
      problems.push(`${path}: image source.data must be a base64 string`);
      continue;
    }
    if (source.data.length > MAX_IMAGE_BYTES) {
      problems.push(`${path}: image exceeds 5 MB maximum: ${source.data.length} bytes > ${MAX_IMAGE_BYTES} bytes`);
    }
    const facts = readImage(Buffer.from(source.data, 'base64'));
    if (!facts) {
      problems.push(`${path}: could not process image (not a PNG, JPEG, GIF or WebP)`);
      continue;
    }
    if (facts.mediaType !== source.media_type) {
      problems.push(`${path}: image was specified using the ${source.media_type} media type, but the image appears to be ${facts.mediaType}`);
    }
    if (facts.width > maxSide || facts.height > maxSide) {
      problems.push(`${path}: image dimensions ${facts.width}x${facts.height} exceed the maximum allowed size of ${maxSide} pixels`);
    }
  }
  return problems;
}
