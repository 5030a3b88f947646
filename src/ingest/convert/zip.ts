/**
 * A minimal reader for the zip container of OOXML files (xlsx): parses the central directory (ZIP64
 * included) and streams one entry through Node's raw inflate. No dependency; stored (0) and deflated (8)
 * entries only, which is all that spreadsheet writers produce.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { LimitError } from '../limits.js';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

function u64(b: Buffer, o: number): number {
  return Number(b.readBigUInt64LE(o));
}

export class ZipFile {
  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly entries: Map<string, ZipEntry>,
    private readonly maxInflated: (entry: ZipEntry) => number,
  ) {}

  /** `maxInflated`: the bytes an entry may inflate to (the ratio limit; a zip bomb stops there). */
  static async open(path: string, maxInflated: (entry: ZipEntry) => number = () => Infinity): Promise<ZipFile> {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      if (size < 22) throw new ZipError('not a zip file (too short)');
      const head = await readAt(fh, 0, 4);
      if (head.readUInt32LE(0) !== LOCAL) throw new ZipError('not a zip file');
      // The end-of-central-directory record is in the last 22 + 65535 bytes (its comment is at most 64 KB).
      const tailLen = Math.min(size, 22 + 0xffff);
      const tail = await readAt(fh, size - tailLen, tailLen);
      let e = -1;
      for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD) {
          e = i;
          break;
        }
      }
      if (e < 0) throw new ZipError('the zip directory is missing (truncated file?)');
      let count = tail.readUInt16LE(e + 10);
      let cdSize = tail.readUInt32LE(e + 12);
      let cdOffset = tail.readUInt32LE(e + 16);
      if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
        const locPos = size - tailLen + e - 20;
        const loc = locPos >= 0 ? await readAt(fh, locPos, 20) : Buffer.alloc(0);
        if (loc.length === 20 && loc.readUInt32LE(0) === ZIP64_LOCATOR) {
          const z = await readAt(fh, u64(loc, 8), 56);
          if (z.length < 56 || z.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('broken ZIP64 directory');
          count = u64(z, 32);
          cdSize = u64(z, 40);
          cdOffset = u64(z, 48);
        }
      }
      if (cdOffset + cdSize > size) throw new ZipError('the zip directory points past the end of the file (truncated?)');
      const cd = await readAt(fh, cdOffset, cdSize);
      const entries = new Map<string, ZipEntry>();
      let p = 0;
      for (let k = 0; k < count; k++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('corrupt zip directory');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        let compressedSize = cd.readUInt32LE(p + 20);
        let uncompressed = cd.readUInt32LE(p + 24);
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        let localHeaderOffset = cd.readUInt32LE(p + 42);
        const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
        // ZIP64 extended information: the 0xffffffff fields, in order, are in extra field 0x0001.
        let x = p + 46 + nameLen;
        const xEnd = x + extraLen;
        while (x + 4 <= xEnd) {
          const id = cd.readUInt16LE(x);
          const len = cd.readUInt16LE(x + 2);
          if (id === 1) {
            let q = x + 4;
            if (uncompressed === 0xffffffff) (uncompressed = u64(cd, q)), (q += 8);
            if (compressedSize === 0xffffffff) (compressedSize = u64(cd, q)), (q += 8);
            if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(cd, q);
          }
          x += 4 + len;
        }
        entries.set(name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase(), {
          name,
          method,
          flags,
          compressedSize,
          size: uncompressed,
          localHeaderOffset,
        });
        p = xEnd + commentLen;
      }
      return new ZipFile(path, size, entries, maxInflated);
    } finally {
      await fh.close();
    }
  }

  /** Entry by name, case-insensitively (writers differ in case). */
  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name.replace(/^\/+/, '').toLowerCase());
  }

  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  /** The entry's uncompressed bytes as a stream. */
  async stream(entry: ZipEntry): Promise<Readable> {
    if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted (password-protected workbook)`);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`${entry.name} uses unsupported compression method ${entry.method}`);
    const fh = await open(this.path, 'r');
    let local: Buffer;
    try {
      local = await readAt(fh, entry.localHeaderOffset, 30);
    } finally {
      await fh.close();
    }
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipError(`${entry.name}: local header missing (corrupt zip)`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (start + entry.compressedSize > this.size) throw new ZipError(`${entry.name} is cut short (truncated file)`);
    if (entry.compressedSize === 0) return Readable.from([]);
    const raw = createReadStream(this.path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 16 });
    if (entry.method === 0) return raw;
    const inflate = createInflateRaw({ chunkSize: 1 << 16 });
    raw.on('error', (e) => inflate.destroy(e));
    const max = this.maxInflated(entry);
    if (!Number.isFinite(max)) return raw.pipe(inflate);
    let total = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        if (total > max) {
          const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MB`;
          cb(new LimitError('ratio', `${entry.name} inflates to more than ${mb(max)} from ${entry.compressedSize.toLocaleString('en-US')} compressed bytes (a zip bomb?)`));
        } else cb(null, chunk);
      },
    });
    inflate.on('error', (e) => counted.destroy(e));
    return raw.pipe(inflate).pipe(counted);
  }

  /** The entry's whole content (for small parts: workbook, relationships, styles). */
  async read(entry: ZipEntry): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.stream(entry)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}

/** Decodes an XML part's bytes, honouring a UTF-16 byte-order mark. */
export function xmlDecoder(first: Buffer): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  return new TextDecoder('utf-8');
}
