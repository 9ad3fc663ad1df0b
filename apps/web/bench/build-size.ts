/**
 * The built app's JavaScript, gzipped: what index.html loads directly (module scripts and
 * modulepreloads) is the initial download; every other chunk under the build is lazy.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

export interface Chunk {
  readonly file: string;
  readonly bytes: number;
  readonly gzip: number;
}

export interface BuildSize {
  readonly initial: Chunk[];
  readonly lazy: Chunk[];
  readonly css: Chunk[];
}

/** `src`/`href` of the module scripts and modulepreloads in an index.html. */
export function initialScripts(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, "i").exec(tag)?.[1];
    if (/^<script/i.test(tag) && attr("type") === "module" && attr("src") !== undefined) {
      found.push(attr("src") as string);
    } else if (/^<link/i.test(tag) && attr("rel") === "modulepreload" && attr("href") !== undefined) {
      found.push(attr("href") as string);
    }
  }
  return [...new Set(found)];
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

async function chunk(root: string, path: string): Promise<Chunk> {
  const bytes = await readFile(path);
  return { file: relative(root, path), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

export async function measureBuild(dist: string): Promise<BuildSize> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const initialFiles = new Set(initialScripts(html).map((src) => join(dist, src.replace(/^\.?\//, ""))));
  const files = await walk(dist);
  const initial: Chunk[] = [];
  const lazy: Chunk[] = [];
  const css: Chunk[] = [];
  for (const file of files.sort()) {
    if (file.endsWith(".css")) css.push(await chunk(dist, file));
    else if (!/\.m?js$/.test(file)) continue;
    else if (initialFiles.has(file)) initial.push(await chunk(dist, file));
    else lazy.push(await chunk(dist, file));
  }
  return { initial, lazy, css };
}
