// Draws every figure of the page with ECharts (SVG renderer). A figure holds its views as JSON
// ([{"name": ..., "option": ...}]); with more than one view, buttons switch between them.
// JSON cannot hold functions, so a few formatters are named in the options and made here:
//   {"$format": "exponent"}             1e-5 for 0.00001 (log axes)
//   {"$format": "labels", "labels": L}  L[v] for an integer v, else nothing (leaf names on a value axis)
//   {"$format": "cell", "x": X, "y": Y} "X[i] / Y[j]: value" with six decimals (heatmap tooltips)
(function () {
  'use strict';
  var formats = {
    exponent: function () {
      return function (v) {
        return Number(v).toExponential(0).replace('e+', 'e');
      };
    },
    labels: function (spec) {
      return function (v) {
        return Number.isInteger(v) && v >= 0 && v < spec.labels.length ? spec.labels[v] : '';
      };
    },
    cell: function (spec) {
      return function (p) {
        var v = p.value[2];
        return spec.x[p.value[0]] + ' / ' + spec.y[p.value[1]] + ': '
          + (typeof v === 'number' ? v.toFixed(6) : 'undefined');
      };
    }
  };

  function revive(o) {
    if (Array.isArray(o)) {
      return o.map(revive);
    }
    if (o !== null && typeof o === 'object') {
      if (typeof o.$format === 'string') {
        return formats[o.$format](o);
      }
      var out = {};
      Object.keys(o).forEach(function (k) {
        out[k] = revive(o[k]);
      });
      return out;
    }
    return o;
  }

  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var views = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
    var chart = echarts.init(figure.querySelector('.plot'), null, {renderer: 'svg'});
    var buttons = [];
    function show(i) {
      chart.setOption(revive(views[i].option), true);
      buttons.forEach(function (b, k) {
        b.disabled = k === i;
      });
    }
    if (views.length > 1) {
      var bar = document.createElement('div');
      bar.className = 'views';
      views.forEach(function (view, i) {
        var b = document.createElement('button');
        b.textContent = view.name;
        b.addEventListener('click', function () {
          show(i);
        });
        buttons.push(b);
        bar.appendChild(b);
      });
      figure.insertBefore(bar, figure.firstChild);
    }
    show(0);
  });
})();
