/**
 * The Express handler that serves the Remix build (server.ts): Remix's own
 * `@remix-run/express` handler, except for how a response body reaches the
 * socket. Remix 2's `writeReadableStreamToWritable` writes every chunk
 * without waiting for the socket to drain, so a slow client makes the server
 * read the whole stream into memory (remix-run/react-router#15049, fixed only
 * in React Router 7). Here the body goes through `stream.pipeline`, which
 * pauses reading while the socket's buffer is full and cancels the body
 * stream when the client goes away: a streamed CSV export then reads the
 * database only as fast as the client downloads, and stops when it leaves.
 */
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type * as express from "express";
// Not re-exported by the package's index; the version is pinned (package.json), so this path is stable.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createNodeRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";

/**
 * Writes a web ReadableStream to a Node writable with backpressure; resolves
 * when all is written and the writable ended. Rejects (after cancelling the
 * stream) when the writable fails or closes first, e.g. the client left.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, writable: Writable): Promise<void> {
  await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), writable);
}

/**
 * Bytes up to which a body is read whole before anything is sent, so that it goes out with a
 * Content-Length: the compression middleware then leaves it as it is (its threshold, 1 kB, needs
 * the length) and nothing is chunked for a few bytes. A longer body streams on from there.
 */
export const SMALL_BODY_BYTES = 1024;

/**
 * Reads `body` until SMALL_BODY_BYTES or its end. Ended: sets Content-Length on `res` (unless
 * set) and returns the whole body as a new stream; otherwise returns a stream of the bytes read
 * so far followed by the rest of `body`, unbuffered.
 */
async function withLengthWhenSmall(body: ReadableStream<Uint8Array>, res: express.Response): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size <= SMALL_BODY_BYTES) {
    const r = await reader.read();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    size += r.value.byteLength;
  }
  if (done && !res.hasHeader("Content-Length")) res.setHeader("Content-Length", String(size));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
      if (done) controller.close();
    },
    async pull(controller) {
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** An error that only says the client went away before the end of the body. */
function isClientGone(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ECONNRESET" || code === "EPIPE";
}

/** `createRequestHandler` of `@remix-run/express` (same options), writing bodies with `writeBody`. */
export function createRequestHandler(opts: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  getLoadContext?: (req: express.Request, res: express.Response) => AppLoadContext | Promise<AppLoadContext>;
  mode?: string;
}): express.RequestHandler {
  const handle = createNodeRequestHandler(opts.build, opts.mode);
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const response = await handle(request, await opts.getLoadContext?.(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      if (response.body) await writeBody(await withLengthWhenSmall(response.body, res), res);
      else res.end();
    } catch (error) {
      // A client that left before the headers went out (a picker cancelling its lookup, a closed tab): nothing to answer.
      if (isClientGone(error) && (req.destroyed || res.destroyed || res.writableEnded || req.socket.destroyed)) return void res.destroy();
      if (!res.headersSent) return next(error);
      // Mid-body: nothing can be sent any more. A departed client is normal; anything else is logged.
      if (!isClientGone(error)) console.error("Response body failed:", error);
      res.destroy();
    }
  };
}
