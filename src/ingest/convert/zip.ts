/**
 * The zip container of OOXML files (xlsx), read with yauzl: the central directory (ZIP64 included) gives
 * random access to the parts, so the workbook, styles and shared strings are read before the sheet, and the
 * sheet streams through inflate without being held whole. The bomb guards stay ours: an entry whose declared
 * size passes the ratio limit is refused before it is inflated, and the inflated bytes are counted against
 * the same limit as they stream (yauzl also refuses an entry that inflates past the size it declares).
 * Errors are one line, in the words the converter shows (`ZipError`, or `ZipDataError` for a corrupt entry).
 */
import { open as openFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import yauzl from 'yauzl';
import { LimitError } from '../limits.js';

export class ZipError extends Error {}
/** An entry whose data cannot be inflated (corrupt or cut short). */
export class ZipDataError extends Error {}

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  /** yauzl's entry, to open its stream */
  readonly raw: yauzl.Entry;
}

const LOCAL = 0x04034b50;
const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MB`;

/** yauzl's words for a broken container, in ours. */
function containerError(e: Error): ZipError {
  const m = e.message;
  if (/end of central directory record signature not found/i.test(m)) return new ZipError('the zip directory is missing (truncated file?)');
  if (/central directory|zip64|comment length/i.test(m)) return new ZipError(`corrupt zip directory (${m.split('.')[0]!.toLowerCase()})`);
  if (/file data overflows file bounds|unexpected EOF/i.test(m)) return new ZipError('an entry points past the end of the file (truncated?)');
  if (/local file header signature/i.test(m)) return new ZipError('local header missing (corrupt zip)');
  return new ZipError(m.replace(/\s+/g, ' '));
}

export class ZipFile {
  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, ZipEntry>,
    private readonly maxInflated: (entry: ZipEntry) => number,
  ) {}

  /** `maxInflated`: the bytes an entry may inflate to (the ratio limit; a zip bomb stops there). Call close() after. */
  static async open(path: string, maxInflated: (entry: ZipEntry) => number = () => Infinity): Promise<ZipFile> {
    // A file that is no zip at all is told apart before yauzl looks for a directory at its end.
    const fh = await openFile(path, 'r');
    let size: number;
    try {
      size = (await fh.stat()).size;
      if (size < 22) throw new ZipError('not a zip file (too short)');
      const head = Buffer.alloc(4);
      await fh.read(head, 0, 4, 0);
      if (head.readUInt32LE(0) !== LOCAL) throw new ZipError('not a zip file');
    } finally {
      await fh.close();
    }
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
        err || !z ? reject(containerError(err ?? new Error('cannot open'))) : resolve(z),
      ),
    );
    try {
      const entries = new Map<string, ZipEntry>();
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: yauzl.Entry) => {
          const entry = { name: e.fileName, compressedSize: e.compressedSize, size: e.uncompressedSize, raw: e };
          entries.set(e.fileName.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase(), entry);
          zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', (e: Error) => reject(containerError(e)));
        zip.readEntry();
      });
      return new ZipFile(path, size, zip, entries, maxInflated);
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  /** Releases the file. */
  close(): void {
    if (this.zip.isOpen) this.zip.close();
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
    const e = entry.raw;
    if (e.isEncrypted()) throw new ZipError(`${entry.name} is encrypted (password-protected workbook)`);
    if (e.compressionMethod !== 0 && e.compressionMethod !== 8) throw new ZipError(`${entry.name} uses unsupported compression method ${e.compressionMethod}`);
    const max = this.maxInflated(entry);
    const bomb = () => new LimitError('ratio', `${entry.name} inflates to more than ${mb(max)} from ${entry.compressedSize.toLocaleString('en-US')} compressed bytes (a zip bomb?)`);
    // the declared size already says so: refused before a byte is inflated
    if (entry.size > max) throw bomb();
    const raw = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(e, (err, s) => (err || !s ? reject(containerError(err ?? new Error('cannot read'))) : resolve(s))),
    );
    // and counted as it streams, in case the declared size lies
    let total = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        if (total > max) cb(bomb());
        else cb(null, chunk);
      },
    });
    raw.on('error', (err: Error & { code?: string }) => {
      // zlib's errors keep their Z_ code; yauzl's size check says the entry is not what its header declares
      counted.destroy(err.code ? err : new ZipDataError(`${entry.name}: ${err.message.replace(/\s+/g, ' ')}`));
    });
    return raw.pipe(counted);
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
