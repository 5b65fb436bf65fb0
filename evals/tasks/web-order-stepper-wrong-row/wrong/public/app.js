// Quantity steppers of the order form; keeps the line totals and the order total in step.
(function () {
  function euros(amount) {
    return '\u20ac' + amount.toFixed(2);
  }

  function changeQuantity(row, delta) {
    var output = row.querySelector('.qty');
    var quantity = Math.max(0, parseInt(output.textContent, 10) + delta);
    output.textContent = String(quantity);
    row.querySelector('.line-total').textContent = euros(quantity * parseFloat(row.getAttribute('data-price')));
    updateTotal();
  }

  function updateTotal() {
    var rows = document.querySelectorAll('tr.line');
    var total = 0;
    for (var i = 0; i < rows.length; i++) {
      total += parseInt(rows[i].querySelector('.qty').textContent, 10) * parseFloat(rows[i].getAttribute('data-price'));
    }
    document.getElementById('order-total').textContent = euros(total);
  }

  var rows = document.querySelectorAll('tr.line');
  for (let i = 0; i < rows.length; i++) {
    var row = rows[i];
    row.querySelector('.plus').addEventListener('click', function () {
      changeQuantity(row, 1);
    });
    row.querySelector('.minus').addEventListener('click', function () {
      changeQuantity(row, -1);
    });
  }
})();
