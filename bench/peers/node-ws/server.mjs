// Reference peer for bench/: a WebSocket broadcast server on the `ws` library, as its README shows it
// ("Server broadcast"): every text message received is sent to every connected client, the sender included.
// Listens on 127.0.0.1 only. `--port 0` picks a free port; the chosen one is printed as
// `listening on http://127.0.0.1:PORT`.
import { WebSocketServer, WebSocket } from 'ws';

const args = process.argv.slice(2);
const portFlag = args.indexOf('--port');
const port = portFlag >= 0 ? Number(args[portFlag + 1]) : 0;

const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
});

wss.on('error', (err) => console.error(`ws server error: ${err.message}`));
wss.on('listening', () => console.log(`listening on http://127.0.0.1:${wss.address().port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    wss.close();
    process.exit(0);
  });
}
