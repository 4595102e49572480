// Open the chat from a browser. A browser cannot set headers on a WebSocket, so the
// token travels in the query string; `onClose` receives the close code and reason.
export function openChat(token, { onMessage, onClose }) {
  const url = new URL("/chat", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", token);
  const socket = new WebSocket(url);
  socket.addEventListener("message", (event) => onMessage(event.data));
  socket.addEventListener("close", (event) => onClose(event.code, event.reason));
  return socket;
}
