/**
 * The demos that are built, by id. `Demo.astro` renders the component registered here, and the
 * "not available yet" card for an id that has none. A demo component takes `{ lang }` and renders
 * its own root element with `data-demo` and `data-state` (see `src/lib/demo/demo-element.ts`).
 */
import ChatRoom from './chat-room/ChatRoom.astro';
import type { DemoId } from './demo-catalog.ts';
import CacheAside from './cache-aside/CacheAside.astro';
import LaravelPayload from './laravel-payload/LaravelPayload.astro';
import Handshake from './handshake/Handshake.astro';
import Transports from './transports/Transports.astro';
import PollingVsWebsocket from './polling-vs-websocket/PollingVsWebsocket.astro';
import PubSub from './pubsub/PubSub.astro';
import RedisConsole from './redis-console/RedisConsole.astro';
import ConfigExplainer from './config/ConfigExplainer.astro';
import EchoDashboard from './dashboard/EchoDashboard.astro';
import EventPipeline from './pipeline/EventPipeline.astro';
import HttpApiPlayground from './http-api/HttpApiPlayground.astro';
import ClientVersions from './client-versions/ClientVersions.astro';
import PresenceRoom from './presence-room/PresenceRoom.astro';
import PrivateChannel from './private-channel/PrivateChannel.astro';
import PublicChannel from './public-channel/PublicChannel.astro';

/** An Astro component that renders one demo. */
// Astro components are functions with Astro's own internal signature; the catalogue only
// needs to know it can render one with a `lang` prop.
export type DemoComponent = (props: { lang: 'zh-TW' | 'en' }) => unknown;

/** Every built demo. Add one line per demo as it lands. */
export const LIVE_DEMOS: Partial<Record<DemoId, DemoComponent>> = {
  'ch2-cache': CacheAside,
  'ch2-laravel-payload': LaravelPayload,
  'ch2-pubsub': PubSub,
  'ch2-console': RedisConsole,
  'ch3-config': ConfigExplainer,
  'ch3-dashboard': EchoDashboard,
  'ch3-pipeline': EventPipeline,
  'ch3-http-api': HttpApiPlayground,
  'ch1-chat': ChatRoom,
  'ch1-handshake': Handshake,
  'ch1-transports': Transports,
  'ch1-polling-vs-websocket': PollingVsWebsocket,
  'ch4-public': PublicChannel,
  'ch4-private': PrivateChannel,
  'ch4-presence': PresenceRoom,
  'ch4-client-versions': ClientVersions,
};
