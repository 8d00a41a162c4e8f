// A WebSocket client built on a bare TCP socket (node:net), so that tests can send what no WebSocket library
// would: unmasked frames, reserved bits, invalid UTF-8, oversized or fragmented frames. It does the RFC 6455
// opening handshake by hand (Sec-WebSocket-Key → Sec-WebSocket-Accept), builds client frames byte by byte and
// parses the server's frames (7-, 16- and 64-bit lengths), noting any server frame that breaks the RFC (masked,
// reserved bits set). Every wait is bounded.
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const DEFAULT_WAIT_MS = 5000;

export const opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

/**
 * One client frame, masked unless `mask` is false.
 * @param {{op: number, payload?: Buffer|string, fin?: boolean, rsv?: number, mask?: boolean}} frame
 *   `rsv` holds the three reserved bits as 0b100 (RSV1), 0b010 (RSV2), 0b001 (RSV3).
 */
export function encodeFrame({ op, payload = Buffer.alloc(0), fin = true, rsv = 0, mask = true }) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  let header;
  if (data.length < 126) {
    header = Buffer.alloc(2);
    header[1] = data.length;
  } else if (data.length < 0x10000) {
    header = Buffer.alloc(4);
    header[1] = 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  header[0] = (fin ? 0x80 : 0) | ((rsv & 0b111) << 4) | (op & 0x0f);
  if (!mask) return Buffer.concat([header, data]);
  header[1] |= 0x80;
  const key = randomBytes(4);
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = data[i] ^ key[i % 4];
  return Buffer.concat([header, key, masked]);
}

/** A close frame's payload: the 2-byte code and a UTF-8 reason. */
export function closePayload(code, reason = '') {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
}

export class RawWebSocket {
  /**
   * Opens a TCP connection to 127.0.0.1:`port` and completes the opening handshake on `/ws`.
   * @returns {Promise<RawWebSocket>}
   */
  static async connect(port, { path = '/ws', headers = {}, waitMs = DEFAULT_WAIT_MS } = {}) {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    const client = new RawWebSocket(socket);
    const key = randomBytes(16).toString('base64');
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${key}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    const response = await client.#handshake(waitMs);
    const expected = createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
    if (!/^HTTP\/1\.1 101 /.test(response.status)) throw new Error(`upgrade refused: ${response.status}`);
    if (response.headers['sec-websocket-accept'] !== expected) {
      throw new Error(`bad Sec-WebSocket-Accept ${response.headers['sec-websocket-accept']}, expected ${expected}`);
    }
    return client;
  }

  /** Server frames that break RFC 6455 (masked, reserved bits): a correct server leaves this empty. */
  violations = [];

  #socket;
  #buffer = Buffer.alloc(0);
  #frames = [];
  #waiters = [];
  #upgraded = false;
  #ended = false;
  #closed;

  constructor(socket) {
    this.#socket = socket;
    this.#closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('data', (chunk) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      if (this.#upgraded) this.#parseFrames();
      this.#wake();
    });
    // A reset after the server closed is expected when a test writes into a closing connection.
    socket.on('error', () => {});
    socket.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#wake();
    });
  }

  /** Sends raw bytes. */
  send(bytes) {
    if (!this.#socket.destroyed) this.#socket.write(bytes);
  }

  /** Sends one frame (see encodeFrame). */
  sendFrame(frame) {
    this.send(encodeFrame(frame));
  }

  sendText(text) {
    this.sendFrame({ op: opcode.text, payload: text });
  }

  /**
   * The next frame from the server: {fin, rsv, op, payload}. Rejects after `waitMs`, or when the connection ends
   * with no frame left.
   */
  async nextFrame(waitMs = DEFAULT_WAIT_MS) {
    await this.#until(() => this.#frames.length > 0 || this.#ended, waitMs, 'a frame');
    if (this.#frames.length === 0) throw new Error('the connection ended without another frame');
    return this.#frames.shift();
  }

  /** Reads frames until the first text frame whose JSON array holds a message of `type`; returns that message. */
  async nextMessage(type, waitMs = DEFAULT_WAIT_MS) {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const frame = await this.nextFrame(Math.max(1, deadline - Date.now()));
      if (frame.op !== opcode.text) continue;
      const batch = JSON.parse(frame.payload.toString('utf8'));
      if (!Array.isArray(batch)) throw new Error(`a server frame that is not a JSON array: ${frame.payload}`);
      const found = batch.find((message) => message.type === type);
      if (found) return found;
    }
  }

  /**
   * Reads frames until the server's close frame, answers it with a close (as RFC 6455 asks of a client) and waits
   * for the server to end the TCP connection. Returns the close code and reason and the frames seen before it.
   */
  async expectClose(waitMs = DEFAULT_WAIT_MS) {
    const deadline = Date.now() + waitMs;
    const before = [];
    for (;;) {
      const frame = await this.nextFrame(Math.max(1, deadline - Date.now()));
      if (frame.op !== opcode.close) {
        before.push(frame);
        continue;
      }
      const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined;
      const reason = frame.payload.subarray(2).toString('utf8');
      this.sendFrame({ op: opcode.close, payload: frame.payload.subarray(0, 2) });
      await this.#until(() => this.#ended, Math.max(1, deadline - Date.now()), 'the server to end the connection');
      return { code, reason, before };
    }
  }

  /** Ends the TCP connection and waits until it is closed. */
  async destroy() {
    this.#socket.destroy();
    await this.#closed;
  }

  async #handshake(waitMs) {
    await this.#until(() => this.#buffer.includes('\r\n\r\n') || this.#ended, waitMs, 'the upgrade response');
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0) throw new Error('the connection ended during the upgrade');
    const [status, ...fields] = this.#buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers = {};
    for (const field of fields) {
      const colon = field.indexOf(':');
      headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
    }
    this.#buffer = this.#buffer.subarray(end + 4);
    this.#upgraded = true;
    this.#parseFrames();
    return { status, headers };
  }

  #parseFrames() {
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      const fin = (b[0] & 0x80) !== 0;
      const rsv = (b[0] >> 4) & 0b111;
      const op = b[0] & 0x0f;
      const masked = (b[1] & 0x80) !== 0;
      let length = b[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        const big = b.readBigUInt64BE(2);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`absurd server frame length ${big}`);
        length = Number(big);
        offset = 10;
      }
      const keyLength = masked ? 4 : 0;
      if (b.length < offset + keyLength + length) return;
      let payload = Buffer.from(b.subarray(offset + keyLength, offset + keyLength + length));
      if (masked) {
        this.violations.push(`masked server frame (opcode ${op})`);
        const key = b.subarray(offset, offset + 4);
        payload = payload.map((byte, i) => byte ^ key[i % 4]);
      }
      if (rsv !== 0) this.violations.push(`server frame with reserved bits ${rsv.toString(2)} (opcode ${op})`);
      this.#frames.push({ fin, rsv, op, payload });
      this.#buffer = b.subarray(offset + keyLength + length);
    }
  }

  #wake() {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async #until(condition, waitMs, what) {
    const deadline = Date.now() + waitMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${waitMs} ms waiting for ${what}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
