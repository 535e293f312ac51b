// Langium 4.4 pulls chevrotain 13, which calls Object.groupBy (Node >= 21). VS Code <= 1.100 and this
// project's supported Node 20 lack it, so it is defined here and injected into every bundle, the CLI and tests.
'use strict';
function groupInto(items, keyOf, make, add) {
  const groups = make();
  let index = 0;
  for (const item of items) add(groups, keyOf(item, index++), item);
  return groups;
}
if (typeof Object.groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', {
    configurable: true, writable: true,
    value: (items, keyOf) => groupInto(items, keyOf, () => Object.create(null), (groups, key, item) => {
      (groups[key] ??= []).push(item);
    }),
  });
}
if (typeof Map.groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true, writable: true,
    value: (items, keyOf) => groupInto(items, keyOf, () => new Map(), (groups, key, item) => {
      const list = groups.get(key);
      if (list) list.push(item); else groups.set(key, [item]);
    }),
  });
}
