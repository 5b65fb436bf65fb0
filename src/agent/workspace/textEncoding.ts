// How a file's bytes become the text the agent sees, and back, without losing a byte: UTF-8 (with its
// BOM kept if it had one), UTF-16 by its BOM, and any other file in the encoding jschardet guesses (the
// detector VS Code uses), kept only if decoding and encoding again gives back exactly the same bytes;
// failing that, ISO-8859-1, which maps every byte to one character and back. A write is encoded as the
// file already was, and refused if the new text has characters that encoding cannot hold.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import jschardet from 'jschardet';

export interface FileEncoding {
  /** An iconv-lite encoding name: 'utf8', 'utf16le', 'windows-1251'… */
  name: string;
  /** Whether the file starts with a byte order mark (kept on every write). */
  bom: boolean;
  /** Set when the encoding was guessed from the bytes (no BOM, not valid UTF-8). */
  guessed?: boolean;
}

export const PLAIN_UTF8: FileEncoding = { name: 'utf8', bom: false };

export interface DecodedText {
  /** The text without its BOM. */
  text: string;
  encoding: FileEncoding;
}

const BOMS: Array<{ bytes: number[]; name: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], name: 'utf8' },
  { bytes: [0xff, 0xfe], name: 'utf16le' },
  { bytes: [0xfe, 0xff], name: 'utf16be' },
];


export function decodeText(bytes: Buffer): DecodedText {
  for (const bom of BOMS) {
    if (bytes.length < bom.bytes.length || !bom.bytes.every((byte, index) => bytes[index] === byte)) continue;
    const encoding = { name: bom.name, bom: true };
    const decoded = faithfully(bytes.subarray(bom.bytes.length), encoding);
    if (decoded !== undefined) return { text: decoded, encoding };
  }
  // isUtf8 validates in native code; toString then decodes without a second check.
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: PLAIN_UTF8 };
  // NUL bytes mean a binary file; it is decoded byte for byte so the editor can see the NULs and refuse it.
  const guess = bytes.includes(0) ? undefined : jschardet.detect(bytes).encoding;
  if (guess && iconv.encodingExists(guess)) {
    const encoding = { name: guess.toLowerCase(), bom: false, guessed: true };
    const decoded = faithfully(bytes, encoding);
    if (decoded !== undefined) return { text: decoded, encoding };
  }
  return { text: bytes.toString('latin1'), encoding: { name: 'iso-8859-1', bom: false, guessed: true } };
}

/** The encoding alone, without building the text where it can be told without (plain UTF-8, most files). */
export function detectEncoding(bytes: Buffer): FileEncoding {
  const hasBom = BOMS.some((bom) => bytes.length >= bom.bytes.length && bom.bytes.every((byte, index) => bytes[index] === byte));
  if (!hasBom && isUtf8(bytes)) return PLAIN_UTF8;
  return decodeText(bytes).encoding;
}

/** The text as the file's bytes, or the characters the encoding cannot hold. */
export function encodeText(text: string, encoding: FileEncoding): { ok: true; bytes: Buffer } | { ok: false; unencodable: string[] } {
  const body = encoding.name === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding.name);
  // iconv-lite writes '?' for what it cannot encode; decoding back shows where.
  if (encoding.name !== 'utf8' && iconv.decode(body, encoding.name) !== text) {
    const unencodable = [...new Set([...text].filter((character) => iconv.decode(iconv.encode(character, encoding.name), encoding.name) !== character))];
    return { ok: false, unencodable: unencodable.slice(0, 10) };
  }
  const bom = encoding.bom ? BOMS.find((candidate) => candidate.name === encoding.name)?.bytes ?? [] : [];
  return { ok: true, bytes: Buffer.concat([Buffer.from(bom), body]) };
}

/** For the model and the user; undefined for plain UTF-8, which needs no mention. */
export function describeEncoding(encoding: FileEncoding): string | undefined {
  if (encoding.name === 'utf8' && !encoding.bom) return undefined;
  const name = encoding.name === 'utf8' ? 'UTF-8' : encoding.name === 'utf16le' ? 'UTF-16 LE' : encoding.name === 'utf16be' ? 'UTF-16 BE' : encoding.name;
  return `${name}${encoding.bom ? ' with a byte order mark' : ''}${encoding.guessed ? ' (guessed: the file is not UTF-8)' : ''}`;
}

function faithfully(bytes: Buffer, encoding: FileEncoding): string | undefined {
  const text = iconv.decode(bytes, encoding.name, { stripBOM: false });
  return iconv.encode(text, encoding.name).equals(bytes) ? text : undefined;
}
