// How the editor (/admin/) reads and writes the files in data/.
//
// A CMS writes a whole file from its parsed value: comments, the schema line at the top, folded
// texts and [a, b] lists would all be rewritten, and a reviewer would see a diff of the whole
// file. This format remembers the text it read and writes it back, with only the records that
// changed written anew (and within a record only the fields, and list entries, that changed).
// `parse` is the YAML parser (the npm package `yaml`), passed in so node can test this file.

const WIDTH = 78; // folded texts wrap at this column, as in the hand-written files
const FOLD_FROM = 100; // a text that would make its line longer than this is folded
const YAML11_WORDS = /^(y|n|yes|no|true|false|on|off|null|~)$/i;

export function makeFormat(parse, { key, order, required }) {
  let original = null;
  return {
    fromFile(text) {
      original = text;
      return parse(text) ?? [];
    },
    toFile(value) {
      const items = Array.isArray(value) ? value : Object.values(value ?? {})[0] ?? [];
      return writeFile(original, parse, items, { key, order, required });
    },
  };
}

export function writeFile(text, parse, items, shape) {
  const old = text ? parse(text) ?? [] : [];
  const lines = text ? text.replace(/\n$/, '').split('\n') : [];
  const start = lines.findIndex((line) => line.startsWith('- '));
  const header = start < 0 ? lines : lines.slice(0, start);
  const chunks = start < 0 ? [] : splitAt(lines.slice(start), (line) => line.startsWith('- '));
  // A file this format cannot split (records not at column 0) is written whole.
  const reusable = chunks.length === old.length;
  const byKey = new Map(reusable ? old.map((item, i) => [item?.[shape.key], i]) : []);
  const out = [...header];
  for (const item of items) {
    const i = byKey.get(item?.[shape.key]);
    out.push(...(i === undefined ? emitRecord(item, shape) : mergeRecord(chunks[i], old[i], item, shape)));
  }
  return out.join('\n') + '\n';
}

function splitAt(lines, starts) {
  const chunks = [];
  for (const line of lines) {
    if (starts(line) || !chunks.length) chunks.push([]);
    chunks[chunks.length - 1].push(line);
  }
  return chunks;
}

const isEmpty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);
const same = (a, b) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const sorted = (v) =>
  Array.isArray(v) ? v.map(sorted)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
      : v;

function clean(item, shape) {
  // The CMS may hand over empty optional fields; the files leave them out.
  return Object.fromEntries(Object.entries(item).filter(([k, v]) => !isEmpty(v) || shape.required.includes(k)));
}

function keyOrder(present, shape) {
  const known = shape.order.filter((k) => present.includes(k));
  return [...known, ...present.filter((k) => !known.includes(k))];
}

function emitRecord(item, shape) {
  const value = clean(item, shape);
  const lines = keyOrder(Object.keys(value), shape).flatMap((k) => emitKey(k, value[k], 2));
  lines[0] = '- ' + lines[0].slice(2);
  return lines;
}

function mergeRecord(chunk, old, item, shape) {
  if (same(old, item)) return chunk;
  // Key chunks of the old record: '- key:' on the first line, '  key:' after it.
  const keyChunks = splitAt(chunk, (line) => /^(- | {2})[^\s#-][^:]*:( |$)/.test(line));
  const oldKeys = new Map(keyChunks.map((c) => [c[0].slice(2).split(':')[0], c]));
  const merged = [];
  const present = [...new Set([...Object.keys(old), ...Object.keys(item)])];
  const order = [...Object.keys(old)];
  for (const k of keyOrder(present, shape)) if (!order.includes(k)) order.splice(insertAt(order, k, shape), 0, k);
  for (const k of order) {
    const before = old[k];
    const after = item[k];
    if (isEmpty(after) && !(k in item && shape.required.includes(k))) {
      // Left out or emptied in the form: keep an empty field as it was, drop a cleared one.
      if (isEmpty(before) && oldKeys.has(k)) merged.push(...withoutDash(oldKeys.get(k)));
      continue;
    }
    if (oldKeys.has(k) && same(before, after)) merged.push(...withoutDash(oldKeys.get(k)));
    else if (oldKeys.has(k) && isListOfMaps(before) && isListOfMaps(after)) merged.push(...mergeList(oldKeys.get(k), before, after, k));
    else merged.push(...emitKey(k, after, 2));
  }
  merged[0] = '- ' + merged[0].slice(2);
  return merged;
}

function withoutDash(lines) {
  return [lines[0].startsWith('- ') ? '  ' + lines[0].slice(2) : lines[0], ...lines.slice(1)];
}

function insertAt(order, k, shape) {
  const position = shape.order.indexOf(k);
  for (let i = order.length - 1; i >= 0; i -= 1) {
    if (shape.order.indexOf(order[i]) >= 0 && shape.order.indexOf(order[i]) < position) return i + 1;
  }
  return position < 0 ? order.length : 0;
}

const isListOfMaps = (v) => Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Array.isArray(x));

function mergeList(chunk, before, after, k) {
  // '  key:' and its entries '    - ...'; entries that did not change keep their text.
  const entries = splitAt(chunk.slice(1), (line) => line.startsWith('    - '));
  if (!before.length || entries.length !== before.length || !chunk[0].match(/^(- | {2})[^:]+:\s*$/)) {
    return emitKey(k, after, 2);
  }
  const unused = before.map((item, i) => ({ item, lines: entries[i] }));
  const lines = ['  ' + k + ':'];
  for (const item of after) {
    const match = unused.findIndex((u) => same(u.item, item));
    if (match >= 0) lines.push(...unused.splice(match, 1)[0].lines);
    else lines.push(...emitListEntry(item, 4));
  }
  return lines;
}

function emitKey(k, v, indent) {
  const pad = ' '.repeat(indent);
  if (isListOfMaps(v) && v.length) return [pad + k + ':', ...v.flatMap((item) => emitListEntry(item, indent + 2))];
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return [pad + k + ':', ...Object.entries(v).flatMap(([kk, vv]) => emitKey(kk, vv, indent + 2))];
  }
  if (Array.isArray(v)) return [pad + k + ': [' + v.map((x) => scalar(x, true)).join(', ') + ']'];
  if (typeof v === 'string' && shouldFold(v, pad.length + k.length + 2)) {
    return [pad + k + ': >-', ...wrap(v, WIDTH - indent - 2).map((line) => pad + '  ' + line)];
  }
  return [pad + k + ': ' + scalar(v, false)];
}

function emitListEntry(item, indent) {
  const entry = Object.fromEntries(Object.entries(item).filter(([, v]) => !isEmpty(v)));
  const lines = Object.entries(entry).flatMap(([k, v]) => emitKey(k, v, indent + 2));
  lines[0] = ' '.repeat(indent) + '- ' + lines[0].slice(indent + 2);
  return lines;
}

function scalar(v, inFlow) {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v ?? '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s; // a date, as the files write it
  const plain =
    /^[\p{L}(]/u.test(s) && !/\s$/.test(s) && !/[\n\t]|: | #|:$/.test(s) && !YAML11_WORDS.test(s) &&
    !(inFlow && /[,[\]{}]/.test(s));
  return plain ? s : JSON.stringify(s);
}

function shouldFold(s, prefix) {
  return prefix + s.length > FOLD_FROM && /^\S/.test(s) && !/\s$/.test(s) && !/\s\s|[\n\t]/.test(s);
}

function wrap(s, width) {
  const lines = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? line + ' ' + word : word;
  }
  return [...lines, line];
}
