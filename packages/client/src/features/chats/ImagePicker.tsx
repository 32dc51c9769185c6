import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** What the server takes (chats.routes.ts): PNG or JPEG, at most 2 MB. Checked here first so the user hears it at once. */
const TYPES = ['image/png', 'image/jpeg'];
const MAX_BYTES = 2 * 1024 * 1024;

/** The composer's image button: picks a file, checks it, hands its data URL to `send`. */
export function ImagePicker(props: {
  send(dataUrl: string): Promise<string | undefined>;
  onNotice(notice: string): void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState(false);

  async function picked(file: File | undefined) {
    if (input.current) input.current.value = '';
    if (!file) return;
    if (!TYPES.includes(file.type)) return props.onNotice(t('chat.imageType'));
    if (file.size > MAX_BYTES) return props.onNotice(t('chat.imageTooLarge'));
    setSending(true);
    try {
      const dataUrl = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(file);
      });
      const failure = await props.send(dataUrl);
      if (failure) props.onNotice(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <label className={`chat-image-pick${sending ? ' sending' : ''}`} aria-label={t('chat.sendImage')}>
      <span aria-hidden="true">{t('chat.image')}</span>
      <input
        ref={input}
        type="file"
        accept={TYPES.join(',')}
        disabled={sending}
        hidden
        onChange={(event) => void picked(event.target.files?.[0])}
      />
    </label>
  );
}
