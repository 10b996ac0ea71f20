import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useQuery } from '../../api/use-query';
import type { NotifyOf } from '../../gql/graphql';
import {
  NotificationSettings,
  RegisterPushSubscription,
  UnregisterPushSubscription,
  UpdateNotificationSettings,
} from '../../ops/notifications';
import { ErrorText, toast, useAction } from '../../ui/kit';

const NOTIFY_OF: Array<[NotifyOf, string]> = [
  ['ALL', 'همهٔ پیام‌ها'],
  ['DIRECT', 'فقط گفتگوهای خصوصی'],
  ['NONE', 'هیچ‌کدام'],
];

const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** This browser's push subscription, if any. */
async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** Asks for permission, subscribes with the platform's VAPID key and registers the subscription. */
async function enablePush(publicKey: string): Promise<void> {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('اجازهٔ نمایش اعلان داده نشد');
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
  const json = subscription.toJSON();
  await request(RegisterPushSubscription, { input: { endpoint: json.endpoint!, p256dh: json.keys!.p256dh, auth: json.keys!.auth } });
}

async function disablePush(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await request(UnregisterPushSubscription, { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}

/** Settings › اعلان‌ها: "notify me of", previews, and Web Push in this browser. */
export function Notifications() {
  const settings = useQuery(NotificationSettings, {});
  const [onHere, setOnHere] = useState<boolean | null>(null);
  useEffect(() => {
    void currentSubscription().then(
      (s) => setOnHere(!!s),
      () => setOnHere(false),
    );
  }, []);
  // Shown as chosen at once (what the server stores then); an error puts back what is stored.
  const [chosen, setChosen] = useState<{ notifyOf?: NotifyOf; showPreviews?: boolean }>({});
  const save = useAction(async (input: { notifyOf?: NotifyOf; showPreviews?: boolean }) => {
    setChosen((c) => ({ ...c, ...input }));
    try {
      await request(UpdateNotificationSettings, { input });
    } catch (err) {
      setChosen({});
      settings.reload();
      throw err;
    }
  }, describeError);
  const device = useAction(async (on: boolean) => {
    if (on) await enablePush(settings.data!.webPushPublicKey!);
    else await disablePush();
    setOnHere(on);
    toast(on ? 'اعلان‌ها در این مرورگر روشن شد' : 'اعلان‌ها در این مرورگر خاموش شد');
  }, describeError);
  const stored = settings.data?.notificationSettings;
  const data = stored && { ...stored, ...chosen };
  return (
    <section className="card stack" aria-labelledby="notify-h">
      <h2 id="notify-h" style={{ margin: 0, fontSize: 17 }}>
        اعلان‌ها
      </h2>
      {settings.error && <ErrorText error={settings.error} />}
      {data && (
        <>
          <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend>اعلان بده برای</legend>
            {NOTIFY_OF.map(([value, label]) => (
              <label className="row" key={value}>
                <input
                  type="radio"
                  name="notify-of"
                  checked={data.notifyOf === value}
                  disabled={save.busy}
                  onChange={() => void save.run({ notifyOf: value })}
                />
                <span>{label}</span>
              </label>
            ))}
          </fieldset>
          <label className="row">
            <input
              type="checkbox"
              checked={data.showPreviews}
              disabled={save.busy}
              onChange={(e) => void save.run({ showPreviews: e.target.checked })}
            />
            <span>نام فرستنده و متن پیام در اعلان دیده شود</span>
          </label>
          <ErrorText error={save.error} />
          {pushSupported() && settings.data?.webPushPublicKey && onHere !== null && (
            <label className="row">
              <input type="checkbox" checked={onHere} disabled={device.busy} onChange={(e) => void device.run(e.target.checked)} />
              <span>اعلان در این مرورگر، وقتی برنامه باز نیست</span>
            </label>
          )}
          <ErrorText error={device.error} />
          <p className="hint">گفتگوهای بی‌صدا هیچ‌وقت اعلان نمی‌دهند.</p>
        </>
      )}
    </section>
  );
}
