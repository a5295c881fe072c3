// The browser side of Web Push: the service worker and the subscription.

export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

export function registerServiceWorker() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }
}

// The current subscription as JSON, or null.
export async function currentSubscription() {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  const subscription = registration && (await registration.pushManager.getSubscription());
  return subscription ? JSON.stringify(subscription.toJSON()) : null;
}

// Asks for permission and subscribes with the server's VAPID key (base64url).
// Throws "denied" when the person said no.
export async function subscribePush(serverKey) {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new Error("denied");
  await navigator.serviceWorker.register("/sw.js");
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: serverKey,
  });
  return JSON.stringify(subscription.toJSON());
}

// Unsubscribes this browser; returns the endpoint it had, or null.
export async function unsubscribePush() {
  const registration = await navigator.serviceWorker.getRegistration("/");
  const subscription = registration && (await registration.pushManager.getSubscription());
  if (!subscription) return null;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}
