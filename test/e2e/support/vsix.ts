// Packs an unpacked extension folder into a .vsix (a zip with the extension under extension/), so
// tests can install a fixture the way users install a release. Stored entries only: no compression
// is needed for a few small files, which keeps this free of a zip library.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { crc32 } from 'node:zlib';

const LOCAL_FILE_HEADER = 0x04034b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Zip 2.0: the version every reader understands for stored entries. */
const ZIP_VERSION = 20;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
/** DOS date 1980-01-01 (the zip epoch), time 00:00: fixed, so the same folder packs to the same bytes. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/** Writes `folder` as a VSIX at `vsixPath`, each file under extension/ as VS Code expects. */
export async function packVsix(folder: string, vsixPath: string): Promise<void> {
  const entries: { name: Buffer; data: Buffer }[] = [];
  for (const file of await listFiles(folder)) {
    const name = `extension/${relative(folder, file).split(sep).join('/')}`;
    entries.push({ name: Buffer.from(name, 'utf8'), data: await readFile(file) });
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_FILE_HEADER, 0);
    local.writeUInt16LE(ZIP_VERSION, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // Method 0: stored.
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // No extra field.
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_DIRECTORY_HEADER, 0);
    central.writeUInt16LE(ZIP_VERSION, 4);
    local.copy(central, 6, 4, 30); // Version needed through name length match the local header.
    central.writeUInt32LE(offset, 42); // Where the local header starts; comment, disk and attributes stay 0.
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(vsixPath, Buffer.concat([...locals, directory, end]));
}

async function listFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found.sort();
}
