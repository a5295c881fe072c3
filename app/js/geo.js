// The browser's position, for the rider app.

// Resolves to [latitude, longitude]; rejects with "denied" or "unavailable".
export function currentPosition(timeoutMs) {
  return new Promise((resolve, reject) => {
    if (!("geolocation" in navigator)) {
      reject(new Error("unavailable"));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve([position.coords.latitude, position.coords.longitude]),
      (error) => reject(new Error(error.code === 1 ? "denied" : "unavailable")),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 5000 },
    );
  });
}
