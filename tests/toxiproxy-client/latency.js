// SPDX-License-Identifier: GPL-3.0-or-later
// Drives `wirebench proxy --api` with Toxiproxy's own Node.js client library
// (toxiproxy-node-client from the npm registry), as a test suite would drive
// Toxiproxy: makes a proxy in front of a Redis, adds a latency toxic, sees it in a
// PING's round trip through the proxy, updates it, removes it, deletes the proxy.
// Usage: node latency.js API_URL REDIS_PORT. Prints what it saw; exit 0 when all held.
'use strict';
const net = require('net');
const { Toxiproxy } = require('toxiproxy-node-client');

const [apiUrl, redisPort] = process.argv.slice(2);

function check(condition, what) {
  if (!condition)
    throw new Error(`not so: ${what}`);
  console.log(`ok: ${what}`);
}

// One PING through `port`: the milliseconds until +PONG.
function ping(port) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        socket.end();
        reply.startsWith('+PONG') ? resolve(ms) : reject(new Error(`reply ${reply}`));
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10000, () => reject(new Error('no reply in 10 s')));
  });
}

async function main() {
  const toxiproxy = new Toxiproxy(apiUrl);
  const version = await toxiproxy.getVersion();
  check(/^\d+\.\d+\.\d+/.test(version), `version ${version}`);
  const proxy = await toxiproxy.createProxy({ name: 'redis', listen: '127.0.0.1:0', upstream: `127.0.0.1:${redisPort}` });
  const port = Number(proxy.listen.split(':').pop());
  check(port > 0 && proxy.enabled, `proxy redis listens on ${proxy.listen}, enabled`);
  const direct = await ping(port);
  check(direct < 150, `a PING without faults: ${direct.toFixed(1)} ms`);

  const toxic = await proxy.addToxic({ type: 'latency', name: 'slow', stream: 'downstream', toxicity: 1, attributes: { latency: 300 } });
  check(toxic.name === 'slow' && toxic.attributes.latency === 300, 'latency toxic added');
  const slow = await ping(port);
  check(slow >= 300, `a PING with 300 ms latency: ${slow.toFixed(1)} ms`);

  const updated = await toxic.update({ attributes: { latency: 500 } });
  check(updated.attributes.latency === 500, 'latency toxic updated to 500 ms');
  const slower = await ping(port);
  check(slower >= 500, `a PING with 500 ms latency: ${slower.toFixed(1)} ms`);

  const again = await toxiproxy.get('redis');
  const seen = await again.getToxic('slow');
  check(seen.attributes.latency === 500, 'the proxy shows the toxic');
  await toxic.remove();
  const fast = await ping(port);
  check(fast < 150, `a PING once removed: ${fast.toFixed(1)} ms`);

  const all = await toxiproxy.getAll();
  check(Object.keys(all).includes('redis'), 'the proxy is listed');
  let missing = false;
  try {
    await toxiproxy.get('nosuch');
  } catch (e) {
    missing = /404/.test(e.message);
  }
  check(missing, 'an unknown proxy is a 404');
  await proxy.remove();
  check(!Object.keys(await toxiproxy.getAll()).includes('redis'), 'the proxy is deleted');
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
