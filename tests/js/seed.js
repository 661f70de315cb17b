/*
 * What the node tests of the browser search share: the engine's modules (one place knows where the
 * theme keeps them), lunr.js, the seed's search index (written by tests/js/seed_index.py, see
 * `make test-js`) and the data files shared with the Python tests.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { loadIndex } from "../../generator/theme/assets/javascripts/search/engine/index.js";

export * from "../../generator/theme/assets/javascripts/search/engine/normalise.js";
export * from "../../generator/theme/assets/javascripts/search/engine/tokens.js";
export * from "../../generator/theme/assets/javascripts/search/engine/index.js";
export * from "../../generator/theme/assets/javascripts/search/engine/match.js";
export * from "../../generator/theme/assets/javascripts/search/engine/pinyin.js";
export * from "../../generator/theme/assets/javascripts/search/engine/homophones.js";
export * from "../../generator/theme/assets/javascripts/search/engine/thesaurus.js";
export * from "../../generator/theme/assets/javascripts/search/engine/nearest.js";
export * from "../../generator/theme/assets/javascripts/search/engine/excerpt.js";
export * from "../../generator/theme/assets/javascripts/search/engine/find.js";
export * as engine from "../../generator/theme/assets/javascripts/search/engine/engine.js";  // what the page imports

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, "../..");
const LUNR = path.join(REPO, "generator/theme/assets/javascripts/vendor/lunr.min.js");
const FIXTURE = process.env.SEARCH_FIXTURE || path.join(REPO, "build/test-search");

export function readJSON(file) {
  return JSON.parse(readFileSync(file, "utf-8"));
}

// lunr.min.js is a UMD script for browsers: run it with a CommonJS `module` to get its namespace.
export function lunr() {
  const module = { exports: {} };
  new Function("module", "exports", readFileSync(LUNR, "utf-8"))(module, module.exports);
  return module.exports;
}

// The seed's search/index.json and body.json, parsed (a fresh copy on each call).
export function seedFiles() {
  const folder = path.join(FIXTURE, "search");
  try {
    return [readJSON(path.join(folder, "index.json")), readJSON(path.join(folder, "body.json"))];
  } catch (error) {
    throw new Error(`没有找到示例数据的搜索索引（${folder}）：请用 make test-js 运行，它先写出索引。\n${error}`);
  }
}

let seed = null;

// The seed's index as the browser holds it (loaded once per test file).
export function seedIndex() {
  if (!seed) seed = loadIndex(lunr(), ...seedFiles());
  return seed;
}

// The seed's index with its files changed first by `change(indexFile, bodyFile)`.
export function changedIndex(change) {
  const files = seedFiles();
  change(files[0], files[1]);
  return loadIndex(lunr(), files[0], files[1]);
}

// The data files shared with the Python tests.
export const TEXT = readJSON(path.join(REPO, "tests/search_text.json")).cases;
export const QUERIES = readJSON(path.join(REPO, "tests/search_queries.json"));
