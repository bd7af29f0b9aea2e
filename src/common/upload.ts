import { UploadErrors } from './common.errors.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** What a file really is, by its first bytes, not by the name or the browser's claim. */
export function sniffDocumentType(buf: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  return null;
}

export function requireScan(
  file: { buffer: Buffer; size: number } | undefined,
  field = 'file',
): 'application/pdf' | 'image/jpeg' | 'image/png' {
  if (!file) throw UploadErrors.MISSING().at(field);
  if (file.size > MAX_UPLOAD_BYTES) throw UploadErrors.TOO_LARGE().at(field);
  const type = sniffDocumentType(file.buffer);
  if (!type) throw UploadErrors.TYPE().at(field);
  return type;
}
