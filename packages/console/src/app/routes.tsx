import type { ReactNode } from 'react';
import { SignUpPage } from '../features/auth/SignUpPage';
import { Dashboard } from '../features/dashboard/Dashboard';
import { InvitationsPage, MembersPage } from '../features/members/MembersPage';
import { ReviewPage } from '../features/review/ReviewPage';
import { ReviewHistoryPage, ReviewQueuePage } from '../features/review/ReviewQueuePage';
import { VersionsPage } from '../features/versions/VersionsPage';
import type { User } from '../lib/api';

export type Role = User['role'];
type Params = Record<string, string>;

/** Pages anyone reaches, signed in or not (no layout around them). */
export const PUBLIC_ROUTES: Array<{ path: string; page(params: Params): ReactNode }> = [
  { path: '/signup', page: () => <SignUpPage /> },
];

/**
 * The signed-in pages, in navigation order. `nav` puts a link in the sidebar: `main` for
 * everyone, `app` for the pages of one mini program (its path holds `:id`), `review` and
 * `admin` for those roles. `roles` limits who sees the link and the page.
 */
export interface PageRoute {
  path: string;
  page(params: Params): ReactNode;
  nav?: { section: 'main' | 'app' | 'review' | 'admin'; label: string };
  roles?: Role[];
}

export const ROUTES: PageRoute[] = [
  { path: '/', page: () => <Dashboard />, nav: { section: 'main', label: 'nav.dashboard' } },
  {
    path: '/invitations',
    page: () => <InvitationsPage />,
    nav: { section: 'main', label: 'nav.invitations' },
  },
  {
    path: '/apps/:id/versions',
    page: (p) => <VersionsPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.versions' },
  },
  {
    path: '/apps/:id/members',
    page: (p) => <MembersPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.members' },
  },
  {
    path: '/review',
    page: () => <ReviewQueuePage />,
    nav: { section: 'review', label: 'nav.reviewQueue' },
    roles: ['reviewer', 'admin'],
  },
  {
    path: '/review/history',
    page: () => <ReviewHistoryPage />,
    nav: { section: 'review', label: 'nav.reviewHistory' },
    roles: ['reviewer', 'admin'],
  },
  {
    path: '/review/audits/:auditid',
    page: (p) => <ReviewPage auditid={p.auditid!} />,
    roles: ['reviewer', 'admin'],
  },
];
