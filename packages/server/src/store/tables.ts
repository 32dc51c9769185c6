import type { BlobTables } from '../blobs/blobs.tables.ts';
import type { DeliveryTables } from '../delivery/fanout/fanout.tables.ts';
import type { PushTables } from '../delivery/push/push.tables.ts';
import type { AccountTables } from '../features/accounts/accounts.tables.ts';
import type { CategoryTables } from '../features/categories/categories.tables.ts';
import type { ChatTables } from '../features/chats/chats.tables.ts';
import type { CodeTables } from '../features/code/code.tables.ts';
import type { TesterTables } from '../features/code/testers.tables.ts';
import type { EndUserTables } from '../features/end-users/end-users.tables.ts';
import type { EventTables } from '../features/events/events.tables.ts';
import type { IdentityTables } from '../features/identity/identity.tables.ts';
import type { MiniProgramTables } from '../features/miniprograms/miniprograms.tables.ts';
import type { MpLoginTables } from '../features/mp-login/mp-login.tables.ts';
import type { MpMessageTables } from '../features/mp-messages/mp-messages.tables.ts';
import type { OaMenuTables } from '../features/oa-menus/oa-menus.tables.ts';
import type { OaMessageTables } from '../features/oa-messages/oa-messages.tables.ts';
import type { OaTemplateTables } from '../features/oa-templates/oa-templates.tables.ts';
import type { LinkTables } from '../features/official-accounts/links.tables.ts';
import type { OfficialAccountTables } from '../features/official-accounts/official-accounts.tables.ts';
import type { OpenPlatformTables } from '../features/open-platform/open-platform.tables.ts';
import type { QrCodeTables } from '../features/qrcodes/qrcodes.tables.ts';
import type { RateLimitTables } from '../features/rate-limits/rate-limits.tables.ts';
import type { SettingTables } from '../features/settings/settings.tables.ts';
import type { TokenTables } from '../features/tokens/tokens.tables.ts';
import type { VisitStatusTables } from '../features/visit-status/visit-status.tables.ts';

/** Every table, assembled from the features that own them. Times are unix milliseconds. */
export interface Tables
  extends AccountTables,
    IdentityTables,
    SettingTables,
    CategoryTables,
    MiniProgramTables,
    TokenTables,
    CodeTables,
    EventTables,
    RateLimitTables,
    BlobTables,
    QrCodeTables,
    OfficialAccountTables,
    EndUserTables,
    DeliveryTables,
    LinkTables,
    PushTables,
    OaMenuTables,
    OaMessageTables,
    OaTemplateTables,
    OpenPlatformTables,
    MpLoginTables,
    ChatTables,
    MpMessageTables,
    TesterTables,
    VisitStatusTables {}
