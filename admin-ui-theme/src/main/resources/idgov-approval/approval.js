// Agent approval page: logs in with the pack's PKCE public client (which asks for a fresh step-up), lists the
// approvals the person may decide and sends each decision once. No external code: everything is served by the pack.
(function () {
  'use strict';
  const CLIENT_ID = 'idgov-approval';
  const path = location.pathname;
  const marker = '/realms/';
  const serverBase = location.origin + path.substring(0, path.indexOf(marker));
  const realm = decodeURIComponent(path.substring(path.indexOf(marker) + marker.length).split('/')[0]);
  const redirectUri = location.origin + path;
  const oidc = serverBase + '/realms/' + encodeURIComponent(realm) + '/protocol/openid-connect';
  const api = redirectUri + 'api/approvals';
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let accessToken = null;

  function b64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function random() { return b64url(crypto.getRandomValues(new Uint8Array(32))); }
  function say(text) { $('message').textContent = text || ''; }

  async function login() {
    const verifier = random();
    const st = random();
    sessionStorage.setItem('idgov.approval.pkce', JSON.stringify({ verifier: verifier, state: st }));
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    location.assign(oidc + '/auth?' + new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid',
      redirect_uri: redirectUri, state: st, nonce: random(), code_challenge: challenge, code_challenge_method: 'S256' }));
  }

  async function completeLogin() {
    const code = params.get('code');
    if (!code) { return false; }
    const pkce = JSON.parse(sessionStorage.getItem('idgov.approval.pkce') || '{}');
    sessionStorage.removeItem('idgov.approval.pkce');
    if (pkce.state !== params.get('state')) { throw new Error('login state does not match; reload the page'); }
    const response = await fetch(oidc + '/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code',
      client_id: CLIENT_ID, code: code, redirect_uri: redirectUri, code_verifier: pkce.verifier }) });
    if (!response.ok) { throw new Error('login refused: ' + response.status); }
    accessToken = (await response.json()).access_token;
    history.replaceState(null, '', redirectUri);
    return true;
  }

  async function call(method, url, body) {
    const response = await fetch(url, { method: method, headers: { Authorization: 'Bearer ' + accessToken }, body: body });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) { throw new Error(json.error_description || ('Request failed (' + response.status + ').')); }
    return json;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  async function decide(id, decision) {
    try {
      const answer = await call('POST', api + '/' + encodeURIComponent(id), new URLSearchParams({ decision: decision }));
      await load();
      say('Approval ' + answer.id + ' ' + answer.status + '.');
    } catch (e) {
      say(e.message);
    }
  }

  async function load() {
    const answer = await call('GET', api);
    const body = $('approvals').tBodies[0];
    body.replaceChildren();
    answer.approvals.forEach((item) => {
      const row = document.createElement('tr');
      row.dataset.id = item.id;
      cell(row, item.agent);
      cell(row, item.user);
      cell(row, item.scope);
      cell(row, item.binding_message, 'message');
      cell(row, new Date(item.expires_at * 1000).toLocaleTimeString());
      const actions = cell(row, '');
      [['approve', 'Approve'], ['deny', 'Deny']].forEach(([decision, label]) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.id = decision + '-' + item.id;
        button.textContent = label;
        button.addEventListener('click', () => decide(item.id, decision));
        actions.appendChild(button);
      });
      body.appendChild(row);
    });
    $('empty').hidden = answer.approvals.length > 0;
    document.body.dataset.loaded = 'true';
  }

  (async function start() {
    try {
      if (!(await completeLogin())) { await login(); return; }
      await load();
    } catch (e) {
      say(e.message);
      document.body.dataset.loaded = 'true';
    }
  })();
})();
