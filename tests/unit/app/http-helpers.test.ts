import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentTypeFor } from '../../../server/http/content-types.ts';
import { parseCookies, serializeCookie } from '../../../server/http/cookies.ts';
import { acceptsGzip, isCompressible } from '../../../server/http/gzip-cache.ts';
import { resolveInside } from '../../../server/http/static-files.ts';

describe('static file paths', () => {
  const root = '/srv/site/dist';

  it('maps URL paths inside the root', () => {
    assert.equal(resolveInside(root, '/'), root);
    assert.equal(resolveInside(root, '/en/redis/index.html'), `${root}/en/redis/index.html`);
    assert.equal(resolveInside(root, '/%E9%A0%BB%E9%81%93/'), `${root}/頻道`);
  });

  it('refuses every way out of the root', () => {
    for (const path of [
      '/../secret',
      '/%2e%2e/secret',
      '/..%2fsecret',
      '/a/../../secret',
      '/%5c..%5csecret',
      '/a%00.html',
      '/%E0%A4%A',
    ]) {
      assert.equal(resolveInside(root, path), undefined, path);
    }
  });

  it('does not confuse a sibling folder with the root', () => {
    assert.equal(resolveInside(root, '/../dist-old/index.html'), undefined);
  });
});

describe('content types', () => {
  it('names what an Astro + Pagefind build writes', () => {
    assert.equal(contentTypeFor('a/index.html'), 'text/html; charset=utf-8');
    assert.equal(contentTypeFor('_astro/x.JS'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeFor('pagefind/wasm.zh-tw.pagefind'), 'application/octet-stream');
    assert.equal(contentTypeFor('pagefind/pagefind-entry.json'), 'application/json; charset=utf-8');
    assert.equal(contentTypeFor('favicon.svg'), 'image/svg+xml');
    assert.equal(contentTypeFor('font.woff2'), 'font/woff2');
    assert.equal(contentTypeFor('LICENSE'), 'application/octet-stream');
  });
});

describe('gzip', () => {
  it('reads Accept-Encoding as browsers send it', () => {
    assert.equal(acceptsGzip('gzip, deflate, br'), true);
    assert.equal(acceptsGzip('br;q=1.0, gzip;q=0.8'), true);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip(undefined), false);
  });

  it('compresses text, not images or fonts', () => {
    assert.equal(isCompressible('text/html; charset=utf-8'), true);
    assert.equal(isCompressible('application/json; charset=utf-8'), true);
    assert.equal(isCompressible('image/svg+xml'), true);
    assert.equal(isCompressible('image/png'), false);
    assert.equal(isCompressible('font/woff2'), false);
    assert.equal(isCompressible('application/wasm'), false);
  });
});

describe('cookies', () => {
  it('parses a Cookie header, first value winning', () => {
    const cookies = parseCookies('a=1; echo_lab_session=abc%3D; a=2; broken; q="quoted"');
    assert.equal(cookies.get('a'), '1');
    assert.equal(cookies.get('echo_lab_session'), 'abc=');
    assert.equal(cookies.get('q'), 'quoted');
    assert.equal(cookies.has('broken'), false);
    assert.equal(parseCookies(undefined).size, 0);
  });

  it('writes session cookies HttpOnly and SameSite=Lax by default', () => {
    assert.equal(serializeCookie('s', 'v'), 's=v; Path=/; HttpOnly; SameSite=Lax');
    assert.equal(
      serializeCookie('x', 'a b', { httpOnly: false, maxAge: 0 }),
      'x=a%20b; Path=/; Max-Age=0; SameSite=Lax',
    );
    assert.match(serializeCookie('s', 'v', { sameSite: 'None' }), /; Secure$/);
  });
});
