// The page: log in, then one view per task, each shown to the roles that may do it.
import './style.css';
import { Api } from './lib/api';
import { loadConfig, login, restoreSession, type Session } from './lib/auth';
import { errorBox, h, replace } from './ui/dom';
import { proposePage } from './pages/propose';
import { myEditsPage } from './pages/myEdits';
import { reviewPage } from './pages/review';
import { modelsPage } from './pages/models';
import { auditPage } from './pages/audit';

export interface Context {
  api: Api;
  session: Session;
  arg?: string;
}

interface Route {
  path: string;
  title: string;
  role: string;
  render: (ctx: Context) => HTMLElement;
}

const ROUTES: Route[] = [
  { path: 'propose', title: 'Propose', role: 'proposer', render: proposePage },
  { path: 'mine', title: 'My edits', role: 'proposer', render: myEditsPage },
  { path: 'review', title: 'Review queue', role: 'reviewer', render: reviewPage },
  { path: 'models', title: 'Models', role: 'operator', render: modelsPage },
  { path: 'audit', title: 'Audit', role: 'auditor', render: auditPage },
];

const app = document.getElementById('app')!;

async function start(): Promise<void> {
  let session: Session | null;
  const config = await loadConfig();
  try {
    session = await restoreSession(config);
  } catch (e) {
    showLogin(() => login(config), (e as Error).message);
    return;
  }
  if (!session) {
    showLogin(() => login(config));
    return;
  }
  const api = new Api(session);
  const main = h('main', { id: 'main', tabindex: '-1' });
  const nav = h('nav', { 'aria-label': 'Pages' });
  const header = h(
    'header',
    {},
    h('a', { class: 'brand', href: '#/' }, 'editgov'),
    nav,
    h(
      'div',
      { class: 'who' },
      h('span', { id: 'whoami' }, `${session.username}`),
      h('span', { class: 'roles' }, session.claims.roles.filter((r) => ROUTES.some((x) => x.role === r)).join(', ') || 'no role'),
      h('button', { type: 'button', class: 'secondary', onclick: () => session!.logout() }, 'Log out'),
    ),
  );
  replace(app, h('a', { class: 'skip', href: '#main', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, 'Skip to content'), header, main);

  const render = () => {
    const [path, arg] = location.hash.replace(/^#\/?/, '').split('/', 2);
    const allowed = ROUTES.filter((r) => session!.hasRole(r.role));
    replace(
      nav,
      allowed.map((r) => h('a', { href: `#/${r.path}`, 'aria-current': r.path === path ? 'page' : undefined }, r.title)),
    );
    const route = ROUTES.find((r) => r.path === path);
    if (!route) {
      if (allowed.length > 0) {
        location.replace(`#/${allowed[0].path}`);
        return;
      }
      replace(main, h('h1', {}, 'Welcome'), errorBox(`${session!.username} has none of the platform's roles (proposer, reviewer, operator, auditor). Ask an administrator for one.`));
      return;
    }
    document.title = `${route.title} · editgov`;
    if (!session!.hasRole(route.role)) {
      replace(
        main,
        h('h1', {}, route.title),
        h(
          'p',
          { class: 'error', role: 'alert', id: 'forbidden' },
          `This page needs the ${route.role} role. You are logged in as ${session!.username} with ${session!.claims.roles.filter((r) => ROUTES.some((x) => x.role === r)).join(', ') || 'no platform role'}.`,
        ),
      );
      return;
    }
    replace(main, route.render({ api, session: session!, arg: arg ? decodeURIComponent(arg) : undefined }));
  };
  window.addEventListener('hashchange', render);
  render();
}

function showLogin(go: () => void, problem?: string): void {
  replace(
    app,
    h(
      'main',
      { class: 'login' },
      h('h1', {}, 'editgov'),
      h('p', {}, 'Propose, review, apply and audit fact corrections to language models.'),
      problem ? errorBox(problem) : null,
      h('button', { type: 'button', id: 'login', onclick: go }, 'Log in'),
    ),
  );
}

start().catch((e: Error) => replace(app, h('main', {}, errorBox(`The page could not start: ${e.message}`))));
