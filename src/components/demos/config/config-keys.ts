/**
 * What each key of `laravel-echo-server.json` means, in both languages, and whether the key
 * comes from laravel-echo-server itself or is one echo-server adds. The config explainer shows
 * these next to the running server's values.
 */
import type { SiteLang } from '../demo-catalog.ts';

/** Where a key comes from. */
export type KeyOrigin = 'les' | 'ours';

/** One key's explanation. */
export interface ConfigKeyInfo {
  readonly origin: KeyOrigin;
  readonly text: Readonly<Record<SiteLang, string>>;
}

const les = (zh: string, en: string): ConfigKeyInfo => ({
  origin: 'les',
  text: { 'zh-TW': zh, en },
});
const ours = (zh: string, en: string): ConfigKeyInfo => ({
  origin: 'ours',
  text: { 'zh-TW': zh, en },
});

const NOT_USED_ZH = '本站的 echo server 掛在網站自己的 HTTP 伺服器上，所以這裡用不到。';
const NOT_USED_EN =
  "On this site the echo server shares the site's own HTTP server, so it is unused here.";

/** Every documented key, by dotted path, in the order of the file. */
export const CONFIG_KEYS: Readonly<Record<string, ConfigKeyInfo>> = {
  authHost: les(
    'Laravel 應用程式的網址：私有與 presence 頻道的授權請求送到這裡。寫錯時，每個私有頻道都訂閱失敗。',
    'Base URL of the Laravel app: authorization requests for private and presence channels go here. Get it wrong and every private subscription fails.',
  ),
  authEndpoint: les(
    '授權路由的路徑，Broadcast::routes() 註冊的是 /broadcasting/auth。',
    'Path of the authorization route; Broadcast::routes() registers /broadcasting/auth.',
  ),
  clients: les(
    '可以使用 HTTP API 的應用程式：每筆是 appId 與金鑰（金鑰已遮蔽）。空陣列時 HTTP API 全部回 403。',
    'Apps allowed to use the HTTP API: an appId and a key each (keys masked). With an empty list every API call gets 403.',
  ),
  database: les(
    'presence 成員存在哪裡。只支援 redis。',
    'Where presence members are stored. Only redis is supported.',
  ),
  'databaseConfig.redis.host': les('Redis 主機。', 'Redis host.'),
  'databaseConfig.redis.port': les('Redis 連接埠。', 'Redis port.'),
  'databaseConfig.redis.password': les(
    'Redis 密碼（AUTH），已遮蔽；空字串表示沒有密碼。',
    'Redis password (AUTH), masked; an empty string means none.',
  ),
  'databaseConfig.redis.db': les(
    'Redis 資料庫編號；只影響儲存，pub/sub 不分資料庫。',
    'Redis database number; storage only, pub/sub ignores it.',
  ),
  'databaseConfig.redis.url': ours(
    'redis:// 網址；設定時優先於 host、port、password、db。網址中的密碼已遮蔽。',
    'A redis:// URL; when set it wins over host, port, password and db. Any password in it is masked.',
  ),
  'databaseConfig.redis.keyPrefix': les(
    'Laravel 的 Redis 前綴（database.redis.options.prefix）。廣播送到「前綴＋頻道名稱」；和 Laravel 不一致時，什麼都收不到。',
    "Laravel's Redis key prefix (database.redis.options.prefix). Broadcasts arrive on prefix + channel name; if it differs from Laravel's, nothing arrives.",
  ),
  'databaseConfig.publishPresence': les(
    '是否廣播 presence:joining 與 presence:leaving。',
    'Whether presence:joining and presence:leaving are broadcast.',
  ),
  devMode: les('詳細（debug）日誌。', 'Verbose (debug) logging.'),
  host: les(
    `監聽的網路介面；null 表示全部。${NOT_USED_ZH}`,
    `Interface to listen on; null means all. ${NOT_USED_EN}`,
  ),
  port: les(
    `監聽的連接埠，預設 6001。${NOT_USED_ZH}`,
    `Port to listen on, 6001 by default. ${NOT_USED_EN}`,
  ),
  protocol: les('http 或 https。', 'http or https.'),
  sslCertPath: les('TLS 憑證檔（https 時）。', 'TLS certificate file (for https).'),
  sslKeyPath: les('TLS 私鑰檔（https 時）。', 'TLS key file (for https).'),
  sslCertChainPath: les('TLS 中繼憑證鏈檔。', 'TLS certificate chain file.'),
  sslPassphrase: les('TLS 私鑰的密語，已遮蔽。', 'Passphrase of the TLS key, masked.'),
  socketio: les(
    '直接交給 Socket.IO 伺服器的額外選項；與安全有關的選項以 echo-server 的為準。',
    'Extra options handed to the Socket.IO server; for security-relevant ones echo-server’s own values win.',
  ),
  'subscribers.http': les('接受 POST /apps/:appId/events。', 'Accept POST /apps/:appId/events.'),
  'subscribers.redis': les(
    '轉送 Laravel 發布到 Redis 的廣播。',
    'Relay what Laravel publishes to Redis.',
  ),
  'apiOriginAllow.allowCors': les(
    'HTTP API 是否送出 CORS 標頭。',
    'Whether the HTTP API sends CORS headers.',
  ),
  'apiOriginAllow.allowOrigin': les(
    'Access-Control-Allow-Origin 的值。',
    'The Access-Control-Allow-Origin value.',
  ),
  'apiOriginAllow.allowMethods': les(
    'Access-Control-Allow-Methods 的值。',
    'The Access-Control-Allow-Methods value.',
  ),
  'apiOriginAllow.allowHeaders': les(
    'Access-Control-Allow-Headers 的值。',
    'The Access-Control-Allow-Headers value.',
  ),
  allowedOrigins: ours(
    '允許開啟連線的網頁來源。null：authHost 的來源加上同源網頁；["*"]：任何來源。',
    'Page origins allowed to open a connection. null: the origins of authHost plus same-origin pages; ["*"]: any origin.',
  ),
  maxHttpBufferSize: ours(
    '用戶端單一訊息的上限（位元組）。',
    'Largest single message a client may send, in bytes.',
  ),
  'auth.timeoutMs': ours(
    '授權請求的逾時；逾時的訂閱收到 subscription_error，狀態 0。',
    'Timeout of an auth request; a subscription that times out gets subscription_error with status 0.',
  ),
  'auth.maxConcurrent': ours(
    '同時進行的授權請求上限，其餘排隊。',
    'Auth requests in flight at once; the rest wait their turn.',
  ),
  'auth.rejectUnauthorized': ours(
    '驗證 https authHost 的憑證（原版從不驗證）。',
    'Verify the certificate of an https authHost (the original never does).',
  ),
  'whisper.maxBytes': ours(
    'whisper 資料的上限（JSON 位元組）。',
    'Largest whisper data, in bytes of JSON.',
  ),
  'whisper.perSecond': ours(
    '每個 socket 每秒可送的 whisper 數。',
    'Whispers a socket may send per second.',
  ),
  'whisper.burst': ours('whisper 的瞬間上限。', 'Whispers a socket may send in a burst.'),
  'presence.heartbeatMs': ours(
    '行程寫入心跳的間隔（毫秒）。',
    'How often a process writes its heartbeat, in ms.',
  ),
  'presence.nodeTimeoutMs': ours(
    '行程沉默超過這段時間即視為停止，它的 presence 成員會被移除，不留幽靈成員。',
    'A process silent this long is dead; its presence members are removed, so no ghosts remain.',
  ),
  'cluster.enabled': ours(
    '與同一個 Redis、同一個前綴上的其他 echo server 組成叢集。',
    'Form a cluster with every other echo server on the same Redis and prefix.',
  ),
  'connectionStateRecovery.enabled': ours(
    'Socket.IO 連線狀態復原：短暫斷線保留房間與漏掉的事件。',
    'Socket.IO connection state recovery: a short drop keeps its rooms and missed events.',
  ),
  'connectionStateRecovery.maxDisconnectionMs': ours(
    '斷線多久以內還能復原（毫秒）。',
    'How long a dropped session can still be recovered, in ms.',
  ),
  shutdownTimeoutMs: ours(
    'SIGTERM 後優雅關機最多等多久（毫秒）。',
    'How long a graceful shutdown after SIGTERM may take, in ms.',
  ),
};

/** The explanations of one language, for the component's JSON script tag. */
export function configKeyTexts(
  lang: SiteLang,
): Record<string, { origin: KeyOrigin; text: string }> {
  return Object.fromEntries(
    Object.entries(CONFIG_KEYS).map(([path, info]) => [
      path,
      { origin: info.origin, text: info.text[lang] },
    ]),
  );
}
