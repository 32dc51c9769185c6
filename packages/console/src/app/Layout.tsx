import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, switchLanguage } from '../lib/i18n';
import { match } from '../lib/router';
import { type PageRoute, ROUTES } from './routes';
import { useSession } from './session';

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_all, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** Header (language, account), the sidebar built from ROUTES, and the page the hash names. */
export function Layout(props: { path: string }) {
  const { t, i18n } = useTranslation();
  const { user, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const allowed = (route: PageRoute) => !route.roles || route.roles.includes(user.role);

  let current: { route: PageRoute; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const params = match(route.path, props.path);
    if (params && allowed(route)) {
      current = { route, params };
      break;
    }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the phone menu on every navigation
  useEffect(() => setMenuOpen(false), [props.path]);

  const appId = current?.params.id;
  const sections: Array<{ key: string; title: string; links: PageRoute[] }> = [
    { key: 'main', title: t('nav.sections.main'), links: [] },
    { key: 'app', title: t('nav.sections.app'), links: [] },
    { key: 'review', title: t('nav.sections.review'), links: [] },
    { key: 'admin', title: t('nav.sections.admin'), links: [] },
  ];
  for (const route of ROUTES) {
    if (!route.nav || !allowed(route)) continue;
    if (route.nav.section === 'app' && !appId) continue;
    sections.find((section) => section.key === route.nav!.section)!.links.push(route);
  }

  return (
    <div className="layout">
      <header className="top">
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="console-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('nav.menu')}
        </button>
        <a className="brand" href="#/">
          {t('app.name')}
        </a>
        <div className="top-right">
          <label className="language">
            <span className="visually-hidden">{t('app.language')}</span>
            <select value={i18n.language} onChange={(e) => switchLanguage(e.target.value as Language)}>
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </select>
          </label>
          <span className="who" title={user.email}>
            {user.displayName}
          </span>
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('auth.signOut')}
          </button>
        </div>
      </header>
      <nav id="console-nav" className={`side${menuOpen ? ' open' : ''}`} aria-label={t('nav.label')}>
        {sections
          .filter((section) => section.links.length > 0)
          .map((section) => (
            <div key={section.key} className="nav-section">
              <h2>{section.title}</h2>
              <ul>
                {section.links.map((route) => {
                  const href = fill(route.path, current?.params ?? {});
                  const here = current?.route === route;
                  return (
                    <li key={route.path}>
                      <a href={`#${href}`} aria-current={here ? 'page' : undefined}>
                        {t(route.nav!.label)}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
      </nav>
      <main className="content">{current ? current.route.page(current.params) : <NotFound />}</main>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="#/">{t('nav.dashboard')}</a>
      </p>
    </section>
  );
}
