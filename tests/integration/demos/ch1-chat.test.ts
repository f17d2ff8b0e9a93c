/**
 * The chat room of `ch1-chat` through the whole site on port 0, with real socket.io-client 4
 * sockets on `/demo-chat`: messages reach every socket of the room and no other room, names and
 * texts travel as data, too-long and over-the-limit messages are refused to the sender only,
 * bad payloads get an answer instead of a crash, and the echo server's own namespace is untouched.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Site } from '../../../server/main.ts';
import {
  CHAT_LIMITS,
  CHAT_NAMESPACE,
  type ChatAck,
  type ChatMessage,
  type ChatPresence,
} from '../../../server/demos/chat/chat-protocol.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

describe('ch1-chat: the chat room namespace', () => {
  let site: Site;
  let demoSite: DemoSite;
  const sockets: Socket[] = [];

  before(async () => {
    demoSite = await startDemoSite();
    site = demoSite.site;
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await demoSite.close();
  });

  async function connect(): Promise<Socket> {
    const socket = io(`${site.url}${CHAT_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    await nextEvent(socket, 'connect');
    return socket;
  }

  const ask = (socket: Socket, event: string, payload: unknown): Promise<ChatAck> =>
    socket.timeout(5000).emitWithAck(event, payload) as Promise<ChatAck>;

  const room = (): string => `t-${Math.random().toString(36).slice(2, 10)}`;

  it('relays a message to every socket of the room, sender included, and to no other room', async () => {
    const [ada, ben, eve] = await Promise.all([connect(), connect(), connect()]);
    const shared = room();
    const joined = await ask(ada, 'join', { room: shared, name: 'Ada' });
    assert.equal(joined.ok, true);
    assert.ok(joined.ok && joined.limits?.maxMessageChars === CHAT_LIMITS.maxMessageChars);
    const adaSeesBen = nextEvent<[ChatPresence]>(ada, 'presence');
    assert.deepEqual(await ask(ben, 'join', { room: shared, name: 'Ben' }), {
      ok: true,
      room: shared,
      name: 'Ben',
      members: 2,
      limits: CHAT_LIMITS,
    });
    const [presence] = await adaSeesBen;
    assert.deepEqual(presence, { room: shared, name: 'Ben', event: 'joined', members: 2 });
    assert.equal((await ask(eve, 'join', { room: room(), name: 'Eve' })).ok, true);

    const evesMessages: ChatMessage[] = [];
    eve.on('message', (m: ChatMessage) => evesMessages.push(m));
    const atAda = nextEvent<[ChatMessage]>(ada, 'message');
    const atBen = nextEvent<[ChatMessage]>(ben, 'message');
    const text = '<img src=x onerror=alert(1)> 你好';
    assert.deepEqual(await ask(ben, 'message', { text }), { ok: true });
    const [[a], [b]] = await Promise.all([atAda, atBen]);
    assert.equal(a.text, text, 'markup travels as plain text');
    assert.equal(a.name, 'Ben');
    assert.equal(a.room, shared);
    assert.deepEqual(a, b);
    await sleep(100);
    assert.deepEqual(evesMessages, [], 'another room hears nothing');
  });

  it('refuses a too-long message to the sender, with the limit, and relays nothing', async () => {
    const [ada, ben] = await Promise.all([connect(), connect()]);
    const shared = room();
    await ask(ada, 'join', { room: shared, name: 'Ada' });
    await ask(ben, 'join', { room: shared, name: 'Ben' });
    const heard: ChatMessage[] = [];
    ben.on('message', (m: ChatMessage) => heard.push(m));
    const long = 'x'.repeat(CHAT_LIMITS.maxMessageChars + 1);
    const refused = await ask(ada, 'message', { text: long });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.code === 'too_long');
    assert.ok(!refused.ok && refused.max === CHAT_LIMITS.maxMessageChars);
    assert.ok(!refused.ok && refused.length === CHAT_LIMITS.maxMessageChars + 1);
    // Exactly at the limit is fine (code points: an emoji counts once).
    const atLimit = '😀'.repeat(CHAT_LIMITS.maxMessageChars);
    assert.deepEqual(await ask(ada, 'message', { text: atLimit }), { ok: true });
    await waitFor(() => heard.length === 1, 'the message at the limit');
    assert.equal(heard[0]?.text, atLimit);
  });

  it('limits the rate per socket: a burst passes, the next one is refused, others still talk', async () => {
    const [ada, ben] = await Promise.all([connect(), connect()]);
    const shared = room();
    await ask(ada, 'join', { room: shared, name: 'Ada' });
    await ask(ben, 'join', { room: shared, name: 'Ben' });
    const answers = await Promise.all(
      Array.from({ length: CHAT_LIMITS.burst + 2 }, (_, i) =>
        ask(ada, 'message', { text: `m${i}` }),
      ),
    );
    const refused = answers.filter((a) => !a.ok);
    assert.ok(refused.length >= 1, 'at least one message over the burst is refused');
    assert.ok(refused.every((a) => !a.ok && a.code === 'rate_limited'));
    assert.deepEqual(await ask(ben, 'message', { text: 'still here' }), { ok: true });
  });

  it('answers bad payloads with a refusal and keeps the socket', async () => {
    const socket = await connect();
    assert.equal((await ask(socket, 'message', { text: 'hi' })).ok, false, 'not joined');
    for (const payload of [null, 42, 'room', { room: '../x', name: 'a' }, { room: 'A B' }]) {
      const reply = await ask(socket, 'join', payload);
      assert.ok(!reply.ok && reply.code === 'bad_room', JSON.stringify(payload));
    }
    const noName = await ask(socket, 'join', { room: room(), name: '   ' });
    assert.ok(!noName.ok && noName.code === 'bad_name');
    const longName = await ask(socket, 'join', { room: room(), name: 'n'.repeat(100) });
    assert.ok(!longName.ok && longName.code === 'bad_name');
    assert.equal((await ask(socket, 'join', { room: room(), name: 'ok' })).ok, true);
    for (const payload of [null, { text: 5 }, []]) {
      const reply = await ask(socket, 'message', payload);
      assert.ok(!reply.ok && reply.code === 'invalid', JSON.stringify(payload));
    }
    const empty = await ask(socket, 'message', { text: ' \n ' });
    assert.ok(!empty.ok && empty.code === 'empty');
    // No acknowledgement at all: nothing to answer, nothing breaks.
    socket.emit('message', { text: 'no ack' });
    socket.emit('join');
    assert.equal((await ask(socket, 'message', { text: 'after' })).ok, true);
    assert.equal(socket.connected, true);
  });

  it('tells the room when someone leaves', async () => {
    const [ada, ben] = await Promise.all([connect(), connect()]);
    const shared = room();
    await ask(ada, 'join', { room: shared, name: 'Ada' });
    await ask(ben, 'join', { room: shared, name: 'Ben' });
    const left = nextEvent<[ChatPresence]>(ada, 'presence');
    ben.disconnect();
    assert.deepEqual((await left)[0], { room: shared, name: 'Ben', event: 'left', members: 1 });
  });

  it('leaves the echo server’s default namespace to the echo server', async () => {
    const chat = await connect();
    await ask(chat, 'join', { room: room(), name: 'Ada' });
    const channels = site.echo.io.of('/').adapter.rooms;
    assert.equal(
      [...channels.keys()].some((key) => key.startsWith('room:')),
      false,
    );
  });
});
