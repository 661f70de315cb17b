/*
 * The engine as the page uses it, loaded when the search is first used (with the index files and
 * lunr.js), so that a page that is only read does not download it.
 */

export { loadIndex } from "./index.js";
export { find } from "./find.js";
export { chunks, excerpt } from "./excerpt.js";
export { CLASSES } from "./match.js";
export { queryTokens } from "./tokens.js";
