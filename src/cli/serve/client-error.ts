/** The answer to a request Node's HTTP parser refused: one small module, so the studio can share it without loading serve. */
import type { Socket } from 'node:net';

/** Answers a request Node could not parse (bad request line, oversized headers, timeout) and closes; serve and the studio share it. */
export function answerClientError(err: Error & { code?: string }, socket: Socket, badRequestHint = ''): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'The request took too long to arrive.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
        : [400, 'Bad Request', `The request is not valid HTTP.${badRequestHint}`];
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
