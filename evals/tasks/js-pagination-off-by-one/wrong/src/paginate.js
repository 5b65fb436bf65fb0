// Splits a list into pages of `size` items; `page` counts from 1.
function paginate(items, page, size) {
  const start = (page - 1) * size;
  return items.slice(start, start + size);
}

function pageCount(items, size) {
  return Math.floor(items.length / size);
}

module.exports = { paginate, pageCount };
