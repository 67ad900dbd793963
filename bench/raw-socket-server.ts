/**
 * The floor under any HTTP server in Node, for `npm run bench -- http-floor`: a `node:net` server
 * that answers every request on a keep-alive connection with fixed bytes, the same status and
 * headers the bare `node:http` server of the click bench sends, byte for byte (a 302 to the same
 * offer URL, with Date, Connection, Keep-Alive and an empty chunked body, as Node writes them), or 200 `ok` to
 * `GET /health`. It only finds where each request's head ends (`\r\n\r\n`, requests with no body,
 * as wrk sends them) and reads the path: no header objects, no request and response streams.
 * What it saves against `node:http` is what node:http itself costs per request. Not a server to
 * serve anything with: it parses nothing else, enforces no limit and trusts its client.
 *   node dist/bench/raw-socket-server.js --port N
 */
import { createServer } from 'node:net';
import { parseBenchArgs } from './lib/options';

const { port } = parseBenchArgs('node dist/bench/raw-socket-server.js --port N', {
  port: { type: 'string', default: '0' },
});
const LOCATION = 'https://offers.example/o?id=7&s2=01JD3ABCDEFGHJKMNPQRSTVWXY';
const HEAD_END = '\r\n\r\n';

/** Node's own Date header: the current second's, made once per second. */
let date = '';
let dateSecond = -1;

function answerTo(path: string): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    date = new Date(second * 1000).toUTCString();
  }
  return path === '/health'
    ? `HTTP/1.1 200 OK\r\nDate: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok`
    : `HTTP/1.1 302 Found\r\nlocation: ${LOCATION}\r\ncache-control: no-store\r\nDate: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`;
}

createServer({ noDelay: true }, (socket) => {
  // What has arrived of a request whose head has not ended yet.
  let pending = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let answers = '';
    // Pipelined requests are answered in order, in one write.
    for (let end = pending.indexOf(HEAD_END); end >= 0; end = pending.indexOf(HEAD_END)) {
      const pathStart = pending.indexOf(' ') + 1;
      answers += answerTo(pending.slice(pathStart, pending.indexOf(' ', pathStart)));
      pending = pending.slice(end + HEAD_END.length);
    }
    if (answers !== '') socket.write(answers, 'latin1');
  });
  socket.on('error', () => {
    socket.destroy();
  });
}).listen(Number(port), '127.0.0.1');
