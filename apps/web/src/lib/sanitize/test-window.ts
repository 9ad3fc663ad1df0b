/**
 * A jsdom window for DOM tests, set as the global `window`/`document`. jsdom loads undici, which
 * binds zlib's zstd decoder and `markAsUncloneable` when it is imported, and jsdom extends the global
 * `Iterator` (iterator helpers); Node 20 has none of them (the `jsdom` test environment fails to start
 * there). No DOM test needs the first two, so stubs stand in; `Iterator` gets a small polyfill.
 */
import workerThreads from "node:worker_threads";
import zlib from "node:zlib";

interface JsdomModule {
  JSDOM: new (html: string, options: { url: string; pretendToBeVisual?: boolean }) => { window: Window };
}

export async function testWindow(): Promise<Window & typeof globalThis> {
  const z = zlib as unknown as Record<string, unknown>;
  z.createZstdDecompress ??= () => {
    throw new Error("zstd is not available in this Node");
  };
  const w = workerThreads as unknown as Record<string, unknown>;
  w.markAsUncloneable ??= () => undefined;
  installIterator();
  const specifier = "jsdom";
  const { JSDOM } = (await import(specifier)) as JsdomModule;
  const { window } = new JSDOM("<!doctype html><html><head></head><body></body></html>", {
    url: "http://localhost:8080/",
    pretendToBeVisual: true,
  });
  const g = globalThis as Record<string, unknown>;
  for (const name of ["window", "document", "navigator", "Node", "Element", "HTMLElement", "DOMParser"]) {
    if (name === "navigator" && g.navigator !== undefined) continue;
    g[name] = (window as unknown as Record<string, unknown>)[name];
  }
  return window as Window & typeof globalThis;
}

type Step<T> = IteratorResult<T>;

function installIterator(): void {
  const g = globalThis as Record<string, unknown>;
  if (g.Iterator !== undefined) return;
  abstract class IteratorBase<T> {
    abstract next(): Step<T>;
    [Symbol.iterator]() {
      return this;
    }
    *map<U>(fn: (v: T, i: number) => U) {
      let i = 0;
      for (const v of this as Iterable<T>) yield fn(v, i++);
    }
    *filter(fn: (v: T, i: number) => boolean) {
      let i = 0;
      for (const v of this as Iterable<T>) if (fn(v, i++)) yield v;
    }
    *flatMap<U>(fn: (v: T, i: number) => Iterable<U>) {
      let i = 0;
      for (const v of this as Iterable<T>) yield* fn(v, i++);
    }
    *take(n: number) {
      if (n <= 0) return;
      let i = 0;
      for (const v of this as Iterable<T>) {
        yield v;
        if (++i >= n) return;
      }
    }
    *drop(n: number) {
      let i = 0;
      for (const v of this as Iterable<T>) if (i++ >= n) yield v;
    }
    toArray(): T[] {
      return [...(this as Iterable<T>)];
    }
    forEach(fn: (v: T, i: number) => void) {
      this.toArray().forEach(fn);
    }
    some(fn: (v: T, i: number) => boolean) {
      let i = 0;
      for (const v of this as Iterable<T>) if (fn(v, i++)) return true;
      return false;
    }
    every(fn: (v: T, i: number) => boolean) {
      let i = 0;
      for (const v of this as Iterable<T>) if (!fn(v, i++)) return false;
      return true;
    }
    find(fn: (v: T, i: number) => boolean) {
      let i = 0;
      for (const v of this as Iterable<T>) if (fn(v, i++)) return v;
      return undefined;
    }
    reduce<U>(fn: (acc: U, v: T, i: number) => U, initial: U) {
      return this.toArray().reduce(fn, initial);
    }
  }
  g.Iterator = IteratorBase;
}
