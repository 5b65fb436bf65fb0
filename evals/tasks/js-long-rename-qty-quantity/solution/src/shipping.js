// The parcel's weight: the catalog gives each product's weight in grams.
function parcelWeightGrams(items, catalog) {
  return items.reduce((sum, item) => {
    const product = catalog[item.sku];
    if (!product) throw new Error(`unknown product ${item.sku}`);
    return sum + product.grams * item.quantity;
  }, 0);
}

module.exports = { parcelWeightGrams };
