// Adds an "Identity review" link to the admin console. It opens the pack's review page for the realm shown in the
// console, logging in through the realm the administrator is signed into (no second login).
const environment = JSON.parse(document.getElementById('environment').textContent);
const link = document.createElement('a');
link.id = 'idgov-review-link';
link.textContent = 'Identity review';
link.target = '_blank';
link.rel = 'noopener';
link.setAttribute('style', 'position:fixed;right:1rem;bottom:1rem;z-index:10000;padding:.5rem .9rem;border-radius:4px;'
  + 'background:#0066cc;color:#fff;font:600 14px sans-serif;text-decoration:none;box-shadow:0 1px 4px rgba(0,0,0,.3)');

function shownRealm() {
  const match = /^#\/([^/?]+)/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : environment.realm;
}

function update() {
  link.href = environment.serverBaseUrl + '/realms/' + encodeURIComponent(environment.realm)
    + '/identity-governance/review/?realm=' + encodeURIComponent(shownRealm());
}

update();
window.addEventListener('hashchange', update);
window.addEventListener('popstate', update);
document.body.appendChild(link);
