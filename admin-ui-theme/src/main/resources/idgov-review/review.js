// Identity review page: logs in with the pack's PKCE public client (an admin with a session in the login realm is
// not asked again) and drives the identity review API. No external code: everything here is served by the pack.
(function () {
  'use strict';
  const CLIENT_ID = 'idgov-review';
  const path = location.pathname;
  const marker = '/realms/';
  const serverBase = location.origin + path.substring(0, path.indexOf(marker));
  const loginRealm = decodeURIComponent(path.substring(path.indexOf(marker) + marker.length).split('/')[0]);
  const redirectUri = location.origin + path;
  const oidc = serverBase + '/realms/' + encodeURIComponent(loginRealm) + '/protocol/openid-connect';
  const $ = (id) => document.getElementById(id);
  const state = { token: null, refresh: null, first: 0, after: null, next: null, sort: 'username', order: 'asc', selected: null, page: [] };

  const params = new URLSearchParams(location.search);
  const targetRealm = params.get('realm') || sessionStorage.getItem('idgov.realm') || loginRealm;
  const api = serverBase + '/admin/realms/' + encodeURIComponent(targetRealm) + '/identity-governance';

  function b64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function random() { return b64url(crypto.getRandomValues(new Uint8Array(32))); }

  async function login() {
    const verifier = random();
    const nonce = random();
    const st = random();
    sessionStorage.setItem('idgov.pkce', JSON.stringify({ verifier: verifier, state: st }));
    sessionStorage.setItem('idgov.realm', targetRealm);
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    location.assign(oidc + '/auth?' + new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid',
      redirect_uri: redirectUri, state: st, nonce: nonce, code_challenge: challenge, code_challenge_method: 'S256' }));
  }

  async function token(body) {
    const response = await fetch(oidc + '/token', { method: 'POST', body: new URLSearchParams(body) });
    if (!response.ok) { throw new Error('token request refused: ' + response.status); }
    const json = await response.json();
    state.token = json.access_token;
    state.refresh = json.refresh_token;
  }

  async function completeLogin() {
    const code = params.get('code');
    if (!code) { return false; }
    const pkce = JSON.parse(sessionStorage.getItem('idgov.pkce') || '{}');
    sessionStorage.removeItem('idgov.pkce');
    if (pkce.state !== params.get('state')) { throw new Error('login state does not match; reload the page'); }
    await token({ grant_type: 'authorization_code', client_id: CLIENT_ID, code: code, redirect_uri: redirectUri, code_verifier: pkce.verifier });
    history.replaceState(null, '', redirectUri + '?realm=' + encodeURIComponent(targetRealm));
    return true;
  }

  async function call(method, url, body, retried) {
    const headers = { Authorization: 'Bearer ' + state.token };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    const response = await fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && !retried && state.refresh) {
      await token({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: state.refresh });
      return call(method, url, body, true);
    }
    if (!response.ok) {
      let text = response.status === 403 ? 'You are not allowed to do this (403).' : 'Request failed (' + response.status + ').';
      try { const json = await response.json(); if (json.errorMessage) { text = json.errorMessage; } } catch (e) { /* not JSON */ }
      throw new Error(text);
    }
    return response;
  }

  function say(text) { $('message').textContent = text || ''; }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  async function loadStats() {
    const stats = await (await call('GET', api + '/statistics')).json();
    const body = $('stats').tBodies[0];
    body.replaceChildren();
    Object.entries(stats.classes).forEach(([name, c]) => {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = name;
      row.appendChild(th);
      [c.total, c.ok, c.expiring, c.expired, c.incomplete, c.reviewDue, c.reviewOverdue, c.reviewRequired, c.orphaned, c.stale].forEach((v) => cell(row, String(v)));
      body.appendChild(row);
    });
  }

  function query() {
    const q = new URLSearchParams();
    ['class', 'status', 'search'].forEach((name) => { const v = $('f-' + name).value.trim(); if (v) { q.set(name, v); } });
    return q;
  }

  async function loadList() {
    const q = query();
    // forward by the API's cursor where it gave one (the same cost at any depth); back, and the first page, by position
    if (state.after) { q.set('after', state.after); } else { q.set('first', state.first); }
    q.set('max', $('f-max').value);
    q.set('sort', state.sort);
    q.set('order', state.order);
    const page = await (await call('GET', api + '/identities?' + q)).json();
    state.page = page.items;
    state.next = page.next || null;
    const body = $('identities').tBodies[0];
    body.replaceChildren();
    page.items.forEach((item) => {
      const row = document.createElement('tr');
      row.dataset.id = item.id;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.className = 'pick';
      box.value = item.id;
      box.setAttribute('aria-label', 'Select ' + item.username);
      cell(row, '').appendChild(box);
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'open';
      open.textContent = item.username;
      open.addEventListener('click', () => openIdentity(item.id));
      cell(row, '').appendChild(open);
      cell(row, item.class + (item.classDerived ? ' (derived)' : ''));
      // the reasons at hand: an incomplete machine's names the attributes it lacks (why the token gate refuses it)
      cell(row, item.status, 'status-' + item.status).title = (item.reasons || []).join(' ');
      cell(row, item.owner);
      cell(row, item.expiresAt);
      cell(row, item.lastReviewedAt ? item.lastReviewedAt.substring(0, 10) + ' by ' + item.lastReviewedBy : 'never');
      body.appendChild(row);
    });
    const last = state.first + page.items.length;
    $('page-info').textContent = page.items.length ? (state.first + 1) + '–' + last : 'no identities match';
    $('prev').disabled = state.first === 0;
    $('next').disabled = !page.hasMore;
    $('select-all').checked = false;
    document.querySelectorAll('button.sort').forEach((b) => {
      if (b.dataset.sort === state.sort) { b.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending'); } else { b.removeAttribute('aria-sort'); }
    });
  }

  function field(list, name, value) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value == null || value === '' ? '—' : value;
    list.append(dt, dd);
  }

  function person(p) { return p ? p.username + ' (' + p.state + ')' : null; }

  async function openIdentity(id) {
    const s = await (await call('GET', api + '/identities/' + encodeURIComponent(id))).json();
    state.selected = id;
    $('detail').hidden = false;
    $('detail-title').textContent = s.username;
    const list = $('detail-fields');
    list.replaceChildren();
    field(list, 'Class', s.class + (s.classDerived ? ' (derived)' : ''));
    field(list, 'Status', (s.statuses || []).join(', '));
    field(list, 'Why', (s.reasons || []).join(' '));
    field(list, 'Owner', person(s.owner));
    field(list, 'Sponsor', person(s.sponsor));
    field(list, 'Purpose', s.purpose);
    field(list, 'Client', s.clientId);
    field(list, 'Autonomy', s.autonomy);
    field(list, 'Realm roles', (s.realmRoles || []).join(', '));
    field(list, 'Client roles', Object.entries(s.clientRoles || {}).map(([c, r]) => c + ': ' + r.join(', ')).join('; '));
    field(list, 'Client scopes', s.clientScopes ? (s.clientScopes.default || []).join(', ') : null);
    field(list, 'Credentials', (s.credentials || []).map((c) => c.type + (c.createdAt ? ' since ' + c.createdAt.substring(0, 10) : '')).join(', '));
    field(list, 'Expires', s.expiresAt);
    const review = s.lastReview || {};
    field(list, 'Last review', review.at ? review.at + ' by ' + review.by + (review.comment ? ': ' + review.comment : '') : 'never');
    field(list, 'Next review due', s.reviewDueAt ? s.reviewDueAt.substring(0, 10) : null);
    field(list, 'Last activity', s.lastActivity);
    $('review-comment').value = '';
    $('detail-title').focus();
  }

  async function refreshAll() {
    await Promise.all([loadStats(), loadList()]);
  }

  async function exportAs(format) {
    const q = query();
    q.set('format', format);
    const blob = await (await call('GET', api + '/export?' + q)).blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'identities-' + targetRealm + '.' + format;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function guard(action) {
    return (event) => {
      if (event) { event.preventDefault(); }
      Promise.resolve().then(action).catch((e) => say(e.message));
    };
  }

  function wire() {
    $('filters').addEventListener('submit', guard(() => { state.first = 0; state.after = null; return loadList(); }));
    $('prev').addEventListener('click', guard(() => { state.first = Math.max(0, state.first - Number($('f-max').value)); state.after = null; return loadList(); }));
    $('next').addEventListener('click', guard(() => { state.first += Number($('f-max').value); state.after = state.next; return loadList(); }));
    document.querySelectorAll('button.sort').forEach((b) => b.addEventListener('click', guard(() => {
      state.order = state.sort === b.dataset.sort && state.order === 'asc' ? 'desc' : 'asc';
      state.sort = b.dataset.sort;
      state.first = 0;
      state.after = null;
      return loadList();
    })));
    $('select-all').addEventListener('change', () => document.querySelectorAll('input.pick').forEach((c) => { c.checked = $('select-all').checked; }));
    $('export-csv').addEventListener('click', guard(() => exportAs('csv')));
    $('export-json').addEventListener('click', guard(() => exportAs('json')));
    $('review').addEventListener('submit', guard(async () => {
      const comment = $('review-comment').value.trim();
      await call('POST', api + '/identities/' + encodeURIComponent(state.selected) + '/review', comment ? { comment: comment } : {});
      say('Marked ' + $('detail-title').textContent + ' reviewed.');
      await refreshAll();
      await openIdentity(state.selected);
    }));
    $('bulk').addEventListener('submit', guard(async () => {
      const ids = Array.from(document.querySelectorAll('input.pick:checked')).map((c) => c.value);
      if (!ids.length) { say('Select identities first.'); return; }
      const comment = $('bulk-comment').value.trim();
      const result = await (await call('POST', api + '/reviews', comment ? { ids: ids, comment: comment } : { ids: ids })).json();
      say('Marked ' + result.reviewed.length + ' identities reviewed.');
      await refreshAll();
    }));
  }

  async function start() {
    $('detail-title').tabIndex = -1;
    $('realm-name').textContent = '— realm ' + targetRealm;
    wire();
    if (!(await completeLogin())) {
      if (!(await fetch(redirectUri + 'client')).ok) {
        say('Realm ' + loginRealm + ' has no ' + CLIENT_ID + ' client (it is provisioned in realms with identity governance on, '
          + 'and in the master realm while any realm is governed). Sign into the console of a governed realm or of master.');
        return;
      }
      await login();
      return;
    }
    const claims = JSON.parse(atob(state.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    $('who').textContent = 'Signed in as ' + claims.preferred_username + ' (' + loginRealm + ')';
    await refreshAll();
  }

  document.addEventListener('DOMContentLoaded', () => start().catch((e) => say(e.message)));
}());
