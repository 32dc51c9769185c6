import type { ReactNode } from 'react';
import { ActivationLinksPage } from '../features/admin/ActivationLinksPage';
import { CategoriesPage } from '../features/admin/CategoriesPage';
import { SettingsPage } from '../features/admin/SettingsPage';
import { SubjectsPage } from '../features/admin/SubjectsPage';
import { UsersPage } from '../features/admin/UsersPage';
import { ActivatePage } from '../features/auth/ActivatePage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { Dashboard } from '../features/dashboard/Dashboard';
import { DevelopPage } from '../features/develop/DevelopPage';
import { VerifyPage } from '../features/identity/VerifyPage';
import { InvitationsPage, MembersPage } from '../features/members/MembersPage';
import { CreatePage } from '../features/miniprograms/CreatePage';
import { LinkedAccountsPage } from '../features/mp-links/LinkedAccountsPage';
import { MessageTemplatesPage } from '../features/mp-templates/MessageTemplatesPage';
import { FollowerPage } from '../features/official-accounts/FollowerPage';
import { LinkRequestsPage } from '../features/official-accounts/LinkRequestsPage';
import { OfficialAccountPage } from '../features/official-accounts/OfficialAccountPage';
import { OfficialAccountsPage } from '../features/official-accounts/OfficialAccountsPage';
import { OpenPlatformPage } from '../features/open-platform/OpenPlatformPage';
import { CodesPage } from '../features/qrcodes/CodesPage';
import { QrRulesPage } from '../features/qrcodes/QrRulesPage';
import { ReviewPage } from '../features/review/ReviewPage';
import { ReviewHistoryPage, ReviewQueuePage } from '../features/review/ReviewQueuePage';
import { VersionsPage } from '../features/versions/VersionsPage';
import type { User } from '../lib/api';

export type Role = User['role'];
type Params = Record<string, string>;

/** Pages anyone reaches, signed in or not (no layout around them). */
export const PUBLIC_ROUTES: Array<{ path: string; page(params: Params): ReactNode }> = [
  { path: '/signup', page: () => <SignUpPage /> },
  { path: '/activate/:token', page: (params) => <ActivatePage token={params.token!} /> },
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
  { path: '/verify', page: () => <VerifyPage />, nav: { section: 'main', label: 'nav.verify' } },
  { path: '/create', page: () => <CreatePage />, nav: { section: 'main', label: 'nav.create' } },
  {
    path: '/apps/:id/develop',
    page: (p) => <DevelopPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.develop' },
  },
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
  {
    path: '/admin/subjects',
    page: () => <SubjectsPage />,
    nav: { section: 'admin', label: 'nav.adminSubjects' },
    roles: ['admin'],
  },
  {
    path: '/admin/categories',
    page: () => <CategoriesPage />,
    nav: { section: 'admin', label: 'nav.adminCategories' },
    roles: ['admin'],
  },
  {
    path: '/admin/settings',
    page: () => <SettingsPage />,
    nav: { section: 'admin', label: 'nav.adminSettings' },
    roles: ['admin'],
  },
  {
    path: '/admin/users',
    page: () => <UsersPage />,
    nav: { section: 'admin', label: 'nav.adminUsers' },
    roles: ['admin'],
  },
  {
    path: '/admin/activation-links',
    page: () => <ActivationLinksPage />,
    nav: { section: 'admin', label: 'nav.adminActivation' },
    roles: ['admin'],
  },
  {
    path: '/official-accounts',
    page: () => <OfficialAccountsPage />,
    nav: { section: 'main', label: 'nav.officialAccounts' },
  },
  // `:oa`, not `:id`: the sidebar fills mini program links from an `id` param.
  { path: '/official-accounts/:oa', page: (p) => <OfficialAccountPage id={p.oa!} /> },
  { path: '/official-accounts/:oa/:tab', page: (p) => <OfficialAccountPage id={p.oa!} tab={p.tab} /> },
  {
    path: '/link-requests',
    page: () => <LinkRequestsPage />,
    nav: { section: 'main', label: 'nav.linkRequests' },
  },
  {
    path: '/apps/:id/qr-rules',
    page: (p) => <QrRulesPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.qrRules' },
  },
  {
    path: '/apps/:id/codes',
    page: (p) => <CodesPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.qrCodes' },
  },
  {
    path: '/open-platform',
    page: () => <OpenPlatformPage />,
    nav: { section: 'main', label: 'nav.openPlatform' },
  },
  {
    path: '/apps/:id/linked-accounts',
    page: (p) => <LinkedAccountsPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.linkedAccounts' },
  },
  {
    path: '/apps/:id/message-templates',
    page: (p) => <MessageTemplatesPage id={p.id!} />,
    nav: { section: 'app', label: 'nav.mpTemplates' },
  },
  {
    path: '/official-accounts/:oa/followers/:openid',
    page: (p) => <FollowerPage accountId={p.oa!} openid={p.openid!} />,
  },
];
