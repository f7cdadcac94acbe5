// js-http: the c-http guest's routes in JavaScript (componentize-js: StarlingMonkey's fetch event, built by
// `scripts/build-guests.sh --js`, see docs/components.md). Every response carries x-toolchain: js.
//   /echo    200, x-method, each x-echo back, body "<method> <path with query>\n" + the request body, streamed
//   /status  ?code=N (default 201), x-chosen: N and two x-multi values
//   /large   ?bytes=N (default 1 MiB) of the repeating alphabet, streamed in 4 KiB chunks
//   /trap    throws;  /loop never returns;  /hog allocates until it fails;  /none never responds
const CHUNK = 4096;
const alphabet = new Uint8Array(CHUNK).map((_, i) => 97 + (i % 26));

function headers(extra) {
  const h = new Headers(extra);
  h.set('x-toolchain', 'js');
  return h;
}

function echo(request, url) {
  const h = headers({ 'x-method': request.method });
  for (const value of (request.headers.get('x-echo') ?? '').split(', ').filter(Boolean)) h.append('x-echo', value);
  const line = new TextEncoder().encode(`${request.method} ${url.pathname}${url.search}\n`);
  const reader = request.body?.getReader();
  const body = new ReadableStream({
    start(controller) { controller.enqueue(line); },
    async pull(controller) {
      const next = reader ? await reader.read() : { done: true };
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return new Response(body, { status: 200, headers: h });
}

function large(url) {
  let left = Number(url.searchParams.get('bytes') ?? 1 << 20);
  const body = new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(left, CHUNK);
      controller.enqueue(alphabet.slice(0, n));
      left -= n;
    },
  });
  return new Response(body, { status: 200, headers: headers() });
}

function hog() {
  const kept = [];
  for (;;) kept.push(new Uint8Array(1 << 20).fill(1));
}

async function handle(request) {
  const url = new URL(request.url);
  const route = url.pathname.slice(url.pathname.lastIndexOf('/'));
  switch (route) {
    case '/echo': return echo(request, url);
    case '/status': {
      const code = Number(url.searchParams.get('code') ?? 201);
      const h = headers({ 'x-chosen': String(code) });
      h.append('x-multi', 'one');
      h.append('x-multi', 'two');
      return new Response('status chosen\n', { status: code, headers: h });
    }
    case '/large': return large(url);
    case '/trap': throw new Error('js-http: failing on purpose');
    case '/loop': for (;;) { /* never returns */ }
    case '/hog': return hog();
    default: return new Response('no route\n', { status: 404, headers: headers() });
  }
}

addEventListener('fetch', (event) => {
  const route = new URL(event.request.url).pathname;
  if (route.endsWith('/none')) return; // no respondWith: the response is never set
  event.respondWith(handle(event.request));
});
