// RFC 6455 at the byte level against a real `helpchat serve --demo`: what the server does with frames a browser
// never sends (docs/protocol.md, "Close codes"). Each bad client must get the right close code, the closing
// handshake must complete, and the server must go on serving a well-behaved client afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/support/server.js';
import { RawWebSocket, closePayload, opcode } from './support/raw_websocket.js';

const TEST_TIMEOUT_MS = 15000;
const MAX_FRAME_BYTES = 64 * 1024;

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

function joinText(cid = 'w-1') {
  return JSON.stringify({
    type: 'join',
    v: 1,
    cid,
    session: server.sessionId,
    as: 'official',
    official: { name: 'Ana Gómez', position: 'Secretaria de Planeación', entity_type: 'alcaldia', dane_code: '05001' },
  });
}

// `text` padded with spaces (JSON white space) to exactly `bytes` bytes of UTF-8.
function paddedTo(text, bytes) {
  return text + ' '.repeat(bytes - Buffer.byteLength(text));
}

// A client that plays by the rules is welcomed, and its close gets a close back.
async function assertStillServed() {
  const client = await RawWebSocket.connect(server.port);
  client.sendText(joinText('ok-1'));
  const welcome = await client.nextMessage('welcome');
  assert.equal(welcome.cid, 'ok-1');
  client.sendFrame({ op: opcode.close, payload: closePayload(1000) });
  const { code } = await client.expectClose();
  assert.equal(code, 1000);
  assert.deepEqual(client.violations, []);
}

// Sends `frames` (raw bytes or frame descriptions) on a fresh connection and expects a close with `code`.
async function assertClosedWith(code, ...frames) {
  const client = await RawWebSocket.connect(server.port);
  for (const frame of frames) {
    if (Buffer.isBuffer(frame)) client.send(frame);
    else client.sendFrame(frame);
  }
  const close = await client.expectClose();
  assert.equal(close.code, code, `close code (reason: ${close.reason})`);
  assert.deepEqual(client.violations, []);
  await assertStillServed();
  return close;
}

describe('close codes for frames the protocol forbids', () => {
  test('an unmasked client frame is a protocol error: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1002, { op: opcode.text, payload: joinText(), mask: false });
  });

  for (const [bit, rsv] of [['RSV1', 0b100], ['RSV2', 0b010], ['RSV3', 0b001]]) {
    test(`a frame with ${bit} set is a protocol error (no extension was negotiated): 1002`,
      { timeout: TEST_TIMEOUT_MS }, async () => {
        await assertClosedWith(1002, { op: opcode.text, payload: joinText(), rsv });
      });
  }

  test('a text frame that is not valid UTF-8: 1007', { timeout: TEST_TIMEOUT_MS }, async () => {
    const bytes = Buffer.concat([Buffer.from('{"type":"join","cid":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    await assertClosedWith(1007, { op: opcode.text, payload: bytes });
  });

  test('UTF-8 cut short at the end of a fragmented message: 1007', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1007,
      { op: opcode.text, payload: '{"type":"ask","text":"G', fin: false },
      { op: opcode.continuation, payload: Buffer.from([0xc3]) });
  });

  test('a frame over 64 KiB: 1009', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1009, { op: opcode.text, payload: paddedTo(joinText(), MAX_FRAME_BYTES + 1) });
  });

  test('a message over 64 KiB in fragments of less: 1009', { timeout: TEST_TIMEOUT_MS }, async () => {
    const half = ' '.repeat(MAX_FRAME_BYTES / 2 + 1);
    await assertClosedWith(1009,
      { op: opcode.text, payload: '{"type":"claim"' + half, fin: false },
      { op: opcode.continuation, payload: half + '}' });
  });

  test('a binary frame: 1003', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1003, { op: opcode.binary, payload: Buffer.from(joinText()) });
  });

  test('a reserved opcode: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1002, { op: 0x3, payload: 'x' });
  });

  test('a continuation frame with no message to continue: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1002, { op: opcode.continuation, payload: joinText() });
  });

  test('a new text frame in the middle of a fragmented message: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1002, { op: opcode.text, payload: '{"type":', fin: false }, { op: opcode.text, payload: '"x"}' });
  });

  test('a fragmented control frame: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1002, { op: opcode.ping, payload: 'ping', fin: false });
  });

  test('a control frame with more than 125 bytes: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertClosedWith(1002, { op: opcode.ping, payload: Buffer.alloc(126, 0x61) });
  });

  test('a 64-bit length with the most significant bit set: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    // RFC 6455 5.2: the bit must be 0, so this is a protocol error before it is a length.
    const header = Buffer.from([0x81, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]);
    await assertClosedWith(1002, header);
  });

  test('a length not in its shortest form: 1002', { timeout: TEST_TIMEOUT_MS }, async () => {
    // 5 bytes announced in a 16-bit length field (RFC 6455 5.2: the minimal number of bytes must be used).
    const header = Buffer.from([0x81, 0x80 | 126, 0, 5, 1, 2, 3, 4]);
    await assertClosedWith(1002, header);
  });
});

describe('frames the protocol allows', () => {
  test('a join in 3 fragments with a ping between them is reassembled and welcomed', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = await RawWebSocket.connect(server.port);
    const bytes = Buffer.from(joinText('frag-1'));
    // Cut inside "Gómez", between the two bytes of "ó": the UTF-8 check must hold across fragments.
    const cut = bytes.indexOf(Buffer.from('ó')) + 1;
    const second = Math.floor((cut + bytes.length) / 2);
    client.sendFrame({ op: opcode.text, payload: bytes.subarray(0, cut), fin: false });
    client.sendFrame({ op: opcode.continuation, payload: bytes.subarray(cut, second), fin: false });
    client.sendFrame({ op: opcode.ping, payload: 'latido' });
    client.sendFrame({ op: opcode.continuation, payload: bytes.subarray(second), fin: true });

    const pong = await client.nextFrame();
    assert.equal(pong.op, opcode.pong, 'the ping is answered at once, inside the fragmented message');
    assert.equal(pong.payload.toString(), 'latido');
    const welcome = await client.nextMessage('welcome');
    assert.equal(welcome.cid, 'frag-1');
    assert.equal(welcome.you.name, 'Ana Gómez');
    await client.destroy();
    assert.deepEqual(client.violations, []);
  });

  test('a frame of exactly 64 KiB is accepted', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = await RawWebSocket.connect(server.port);
    client.sendText(paddedTo(joinText('big-1'), MAX_FRAME_BYTES));
    const welcome = await client.nextMessage('welcome');
    assert.equal(welcome.cid, 'big-1');
    await client.destroy();
  });

  test('server frames are well formed, whatever their length form', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = await RawWebSocket.connect(server.port);
    client.sendText(joinText('len-1'));
    // welcome is over 125 bytes: a 16-bit extended length.
    const frame = await client.nextFrame();
    assert.equal(frame.op, opcode.text);
    assert.ok(frame.fin);
    assert.ok(frame.payload.length > 125);
    assert.ok(Array.isArray(JSON.parse(frame.payload.toString('utf8'))));
    await client.destroy();
    assert.deepEqual(client.violations, []);
  });

  test('a close frame from the client gets a close back, with the same code', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = await RawWebSocket.connect(server.port);
    client.sendText(joinText('bye-1'));
    await client.nextMessage('welcome');
    client.sendFrame({ op: opcode.close, payload: closePayload(1000, 'adiós') });
    const close = await client.expectClose();
    assert.equal(close.code, 1000);
    assert.deepEqual(client.violations, []);
    await assertStillServed();
  });

  test('a close frame with no code gets a close back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = await RawWebSocket.connect(server.port);
    client.sendFrame({ op: opcode.close });
    const close = await client.expectClose();
    assert.ok(close.code === undefined || close.code === 1000 || close.code === 1005, `code ${close.code}`);
    await assertStillServed();
  });

  test('a ping before any message gets its pong', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = await RawWebSocket.connect(server.port);
    client.sendFrame({ op: opcode.ping, payload: Buffer.from([0, 1, 2, 0xff]) });
    const pong = await client.nextFrame();
    assert.equal(pong.op, opcode.pong);
    assert.deepEqual([...pong.payload], [0, 1, 2, 0xff]);
    await client.destroy();
  });
});
