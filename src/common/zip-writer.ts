/**
 * A zip file written front to back as it is read: each entry's header, its deflated bytes,
 * then the central directory. An entry given as a Buffer is deflated at once (its sizes go
 * in its header); an entry given as chunks is deflated as they come, its CRC and sizes
 * following it in a data descriptor, so a large entry is never whole in memory. Reading
 * stops when the reader stops: the chunks of an entry are pulled only as fast as the deflated
 * bytes are taken, and leaving early returns the entry's iterator (its source cleans up).
 * No ZIP64: an entry or a file over 4 GB is refused rather than written wrong.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the zip, forward slashes. */
  name: string;
  data: Buffer | AsyncIterable<Buffer>;
}

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const VERSION = 20;
const DEFLATE = 8;
/** Bit 3: CRC and sizes follow the data; bit 11: names are UTF-8. */
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const MAX32 = 0xffffffff;

interface Written {
  name: Buffer;
  flags: number;
  crc: number;
  packed: number;
  size: number;
  offset: number;
}

/** The zip's bytes, chunk by chunk. `level` is zlib's deflate level. */
export async function* zipStream(entries: Iterable<ZipEntry>, level = 6, when = new Date()): AsyncGenerator<Buffer> {
  const [time, date] = dosTime(when);
  const written: Written[] = [];
  let offset = 0;
  const fits = (n: number, what: string) => {
    if (n > MAX32) throw new Error(`zip: ${what} over 4 GB`);
    return n;
  };
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    if (Buffer.isBuffer(e.data)) {
      const packed = deflateRawSync(e.data, { level });
      const w = { name, flags: FLAG_UTF8, crc: crc32(e.data), packed: packed.length, size: e.data.length, offset };
      const head = localHeader(w, time, date);
      written.push(w);
      offset = fits(offset + head.length + packed.length, 'the file');
      yield head;
      yield packed;
      continue;
    }
    const w = { name, flags: FLAG_UTF8 | FLAG_DESCRIPTOR, crc: 0, packed: 0, size: 0, offset };
    const head = localHeader(w, time, date);
    yield head;
    const sum = { crc: 0, size: 0 };
    for await (const chunk of deflating(summed(e.data, sum), level)) {
      w.packed += chunk.length;
      yield chunk;
    }
    w.crc = sum.crc;
    w.size = fits(sum.size, e.name);
    fits(w.packed, e.name);
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(DESCRIPTOR, 0);
    desc.writeUInt32LE(w.crc, 4);
    desc.writeUInt32LE(w.packed, 8);
    desc.writeUInt32LE(w.size, 12);
    written.push(w);
    offset = fits(offset + head.length + w.packed + desc.length, 'the file');
    yield desc;
  }
  const central = Buffer.concat(written.map((w) => centralHeader(w, time, date)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  yield central;
  yield end;
}

function localHeader(w: Written, time: number, date: number): Buffer {
  const b = Buffer.alloc(30 + w.name.length);
  b.writeUInt32LE(LOCAL, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(w.flags, 6);
  b.writeUInt16LE(DEFLATE, 8);
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // With a descriptor, CRC and sizes are zero here.
  b.writeUInt32LE(w.crc, 14);
  b.writeUInt32LE(w.packed, 18);
  b.writeUInt32LE(w.size, 22);
  b.writeUInt16LE(w.name.length, 26);
  w.name.copy(b, 30);
  return b;
}

function centralHeader(w: Written, time: number, date: number): Buffer {
  const b = Buffer.alloc(46 + w.name.length);
  b.writeUInt32LE(CENTRAL, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(VERSION, 6);
  b.writeUInt16LE(w.flags, 8);
  b.writeUInt16LE(DEFLATE, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(date, 14);
  b.writeUInt32LE(w.crc, 16);
  b.writeUInt32LE(w.packed, 20);
  b.writeUInt32LE(w.size, 24);
  b.writeUInt16LE(w.name.length, 28);
  b.writeUInt32LE(w.offset, 42);
  w.name.copy(b, 46);
  return b;
}

/** MS-DOS time and date words (local time, two-second steps, from 1980). */
function dosTime(d: Date): [number, number] {
  const year = Math.max(1980, d.getFullYear());
  return [
    (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  ];
}

/** The chunks as they pass, with their CRC and length kept in `sum`. */
async function* summed(src: AsyncIterable<Buffer>, sum: { crc: number; size: number }): AsyncGenerator<Buffer> {
  for await (const chunk of src) {
    sum.crc = crc32(chunk, sum.crc);
    sum.size += chunk.length;
    yield chunk;
  }
}

/**
 * Raw deflate of the chunks through zlib's stream, pulled: the source is read only while
 * zlib wants input, and stopping (or a failure on either side) destroys both, which returns
 * the source's iterator.
 */
async function* deflating(src: AsyncIterable<Buffer>, level: number): AsyncGenerator<Buffer> {
  const input = Readable.from(src, { objectMode: false });
  const z = createDeflateRaw({ level });
  input.once('error', (err) => z.destroy(err));
  input.pipe(z);
  try {
    for await (const chunk of z) yield chunk as Buffer;
  } finally {
    if (!input.destroyed) {
      input.destroy();
      // Let the source's own clean-up (a cursor, a connection) finish before going on.
      await once(input, 'close').catch(() => undefined);
    }
  }
}
