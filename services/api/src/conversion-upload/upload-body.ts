import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { UploadFormat } from './upload-rows';

export const UPLOAD_MEDIA_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'] as const;

/**
 * The request body of an upload: the raw stream, behind a function so nothing that walks request
 * bodies (the well-formed-input check) walks the stream's internals.
 */
export interface UploadBody {
  readonly stream: () => Readable;
}

/** Registers the upload media types as raw streams; their size is bounded by the reader, row by row. */
export function installUploadBodyParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser([...UPLOAD_MEDIA_TYPES], (_request, payload, done) => {
    const body: UploadBody = { stream: () => payload };
    done(null, body);
  });
}

export function uploadFormatOf(contentType: string | undefined): UploadFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return 'jsonl';
  return undefined;
}
