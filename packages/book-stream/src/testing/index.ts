// Test support for the diff stream: a book a test drives as a feed would.
export { ScriptedBook, levelsOf } from './scripted-book.js';
