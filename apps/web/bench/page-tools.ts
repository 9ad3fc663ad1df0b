/**
 * Installed in the app's page before its own scripts (`page.addInitScript`): a timeline of every
 * WebSocket send and receive, and helpers that wait for rows of grid "Messages" to show text.
 * Runs in the browser and is serialized by Playwright, so it must not reference anything outside itself.
 */
import type { WireEvent } from "./round-trips.js";

export interface RowCount {
  /** Rows intersecting the grid's visible box. */
  readonly visible: number;
  /** Of them: not `aria-busy` and with text. */
  readonly ready: number;
}

/** When the Sign in click landed and when the rows asked for were on screen (page clock, ms). */
export interface Timing {
  readonly clickAt: number | null;
  readonly firstAt: number | null;
  readonly doneAt: number | null;
  readonly visible: number;
  readonly timedOut: boolean;
}

export interface PageTools {
  /** One list per WebSocket the page opened, in opening order. */
  readonly wire: WireEvent[][];
  count(): RowCount;
  /** Arms a listener for the Sign in click; `done()` then settles once `rows` rows are ready. */
  armSignIn(rows: number, timeoutMs: number): void;
  done(): Promise<Timing>;
  /** Sets the grid's scrollTop and resolves once every visible row is ready: ms taken, or -1. */
  jump(scrollTop: number, timeoutMs: number): Promise<number>;
  gridMetrics(): { scrollHeight: number; clientHeight: number } | null;
}

declare global {
  interface Window {
    benchTools: PageTools;
  }
}

export function installPageTools(): void {
  const wire: WireEvent[][] = [];
  const Native = window.WebSocket;
  const size = (data: unknown): number =>
    data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : data instanceof Blob
        ? data.size
        : String(data).length;
  class Recorded extends Native {
    readonly #log: WireEvent[] = [];
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      wire.push(this.#log);
      this.addEventListener("message", (event: MessageEvent) => {
        this.#log.push({ at: performance.now(), dir: "recv", bytes: size(event.data) });
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      this.#log.push({ at: performance.now(), dir: "send", bytes: size(data) });
      super.send(data as never);
    }
  }
  window.WebSocket = Recorded as typeof WebSocket;

  const grid = (): HTMLElement | null => document.querySelector('[role="grid"][aria-label="Messages"]');
  const count = (): RowCount => {
    const element = grid();
    if (element === null) return { visible: 0, ready: 0 };
    const box = element.getBoundingClientRect();
    let visible = 0;
    let ready = 0;
    for (const row of element.querySelectorAll('[role="row"]')) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom <= box.top + 1 || rect.top >= box.bottom - 1) continue;
      visible++;
      if (row.getAttribute("aria-busy") !== "true" && (row.textContent ?? "").trim() !== "") ready++;
    }
    return { visible, ready };
  };
  /** Resolves at the frame after `test` first holds (after its paint), checked on every DOM change. */
  const when = (test: () => boolean, timeoutMs: number): Promise<number> =>
    new Promise((resolve) => {
      let settled = false;
      const finish = (value: number) => {
        if (settled) return;
        settled = true;
        observer.disconnect();
        clearTimeout(timer);
        resolve(value);
      };
      const check = () => {
        if (settled || !test()) return;
        settled = true;
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        });
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const timer = setTimeout(() => finish(-1), timeoutMs);
      const poll = () => {
        if (settled) return;
        check();
        requestAnimationFrame(poll);
      };
      poll();
    });

  let clickAt: number | null = null;
  let pending: Promise<Timing> | null = null;
  const armSignIn = (rows: number, timeoutMs: number) => {
    clickAt = null;
    let firstAt: number | null = null;
    pending = new Promise((resolve) => {
      document.addEventListener(
        "click",
        (event) => {
          if (!(event.target instanceof Element) || event.target.closest("button") === null) return;
          clickAt = performance.now();
          when(() => {
            const now = count();
            if (firstAt === null && now.ready > 0) firstAt = performance.now();
            return now.ready >= rows;
          }, timeoutMs).then((at) =>
            resolve({
              clickAt,
              firstAt,
              doneAt: at < 0 ? null : at,
              visible: count().visible,
              timedOut: at < 0,
            }),
          );
        },
        { capture: true, once: true },
      );
    });
  };
  const jump = async (scrollTop: number, timeoutMs: number): Promise<number> => {
    const element = grid();
    if (element === null) return -1;
    const started = performance.now();
    element.scrollTop = scrollTop;
    const at = await when(() => {
      const now = count();
      return now.visible > 0 && now.ready === now.visible;
    }, timeoutMs);
    return at < 0 ? -1 : at - started;
  };
  window.benchTools = {
    wire,
    count,
    armSignIn,
    done: () => pending ?? Promise.reject(new Error("armSignIn first")),
    jump,
    gridMetrics: () => {
      const element = grid();
      return element === null
        ? null
        : { scrollHeight: element.scrollHeight, clientHeight: element.clientHeight };
    },
  };
}
