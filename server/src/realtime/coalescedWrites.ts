import type { Socket } from "node:net";
import type { WebSocket } from "ws";

const OPEN = 1;

/** The parts of a `ws` WebSocket this needs; `_socket` is ws's own field for the TCP socket. */
type Sending = Pick<WebSocket, "send" | "readyState"> & { _socket?: Socket };

/**
 * Writes every frame sent to `ws` within one tick of the event loop in one system call.
 *
 * A dungeon turn sends each of its battle events as a message of its own (about three a turn, to
 * each player and spectator), and `ws` writes each frame to the socket as soon as it is sent. On
 * the machines measured a write system call was the largest single cost of a turn (README,
 * Performance notes). The first send of a tick corks the TCP socket and the end of the tick uncorks
 * it: Node then hands the kernel all the tick's frames at once (one `writev`). Frames keep their
 * order and nothing waits for a timer: the uncork runs before any I/O of the next turn of the loop.
 */
export function coalesceWritesPerTick(ws: Sending): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  let corked: Socket | undefined;
  const uncork = () => {
    const socket = corked;
    corked = undefined;
    socket?.uncork();
  };
  ws.send = ((...args: unknown[]) => {
    const socket = ws._socket;
    if (!corked && socket && ws.readyState === OPEN) {
      corked = socket;
      socket.cork();
      process.nextTick(uncork);
    }
    send(...args);
  }) as WebSocket["send"];
}
