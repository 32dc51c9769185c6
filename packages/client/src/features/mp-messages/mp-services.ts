import type { HostServices } from '@wharf/runtime/host';
import { api } from '../../lib/api';

/** What the user answered in the consent sheet: every requested template accepted, or none. */
export type ConsentRequest = { tmplIds: string[]; answer(accepted: boolean): void };

/**
 * The mini program's messaging services for the runtime: form_ids for `<form report-submit>`,
 * `wx.requestSubscribeMessage` (the user's answer recorded by the server), and
 * `<button open-type="contact">` opening the customer-service conversation.
 */
export function mpMessageServices(ui: {
  askConsent(request: ConsentRequest): void;
  openContact(appid: string): void;
}): Pick<HostServices, 'reportSubmit' | 'requestSubscribeMessage' | 'contact'> {
  return {
    async reportSubmit({ appid }) {
      const { data } = await api.POST('/api/v1/client/miniprograms/{appid}/form-ids', {
        params: { path: { appid } },
      });
      if (!data) throw new Error('reportSubmit failed');
      return data;
    },
    async requestSubscribeMessage({ appid }, { tmplIds }) {
      const accepted = await new Promise<boolean>((answer) => ui.askConsent({ tmplIds, answer }));
      const answers = Object.fromEntries(tmplIds.map((id) => [id, accepted ? 'accept' : 'reject'] as const));
      const { data } = await api.POST('/api/v1/client/miniprograms/{appid}/subscriptions', {
        params: { path: { appid } },
        body: { answers },
      });
      if (!data) throw new Error('requestSubscribeMessage:fail');
      return data.result;
    },
    async contact({ appid }, { sessionFrom }) {
      await api.POST('/api/v1/client/miniprograms/{appid}/contact', {
        params: { path: { appid } },
        body: sessionFrom ? { sessionFrom } : {},
      });
      ui.openContact(appid);
      return {};
    },
  };
}
