/* Kaizen charts. Reads <script type="application/json" data-chart="..." data-canvas="..."> blocks written by the
   server and draws them with Chart.js (no inline script: the CSP forbids it). Charts do not animate, so they render
   the same way every time. A worse result is drawn in red and never hidden; every chart's numbers are also in a table
   on the page. */
(function () {
  'use strict';

  var KIND = { processTime: '#005eb8', errorCount: '#41b6e6', errorRate: '#330072' };
  var WORSE = '#d5281b';
  var WORSE_EDGE = '#8a1538';
  var GREY = '#768692';
  var DARK = '#231f20';
  var TARGET = '#007f3b';
  var AFTER = '#005eb8';
  var SPECIAL = '#ed8b00';

  function number(v, digits) {
    return v === null || v === undefined ? 'no data'
      : v.toLocaleString('en-GB', { maximumFractionDigits: digits === undefined ? 1 : digits });
  }

  function filled(n, value) {
    var a = [];
    for (var i = 0; i < n; i++) a.push(value);
    return a;
  }

  // Bars start at zero, never where Chart.js would choose; when a bar goes below zero (a group got worse) the axis
  // starts at the lowest value rounded down (-12.3 to -20, -5 to -5), so no bar is cut off.
  function lowestRoundedDown(series) {
    var lowest = 0;
    series.forEach(function (s) {
      s.values.forEach(function (v) { if (typeof v === 'number' && isFinite(v) && v < lowest) lowest = v; });
    });
    if (lowest >= 0) return 0;
    var step = Math.pow(10, Math.floor(Math.log10(-lowest)));
    return Math.floor(lowest / step) * step;
  }

  function reductions(d) {
    return {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s) {
          var base = KIND[s.key] || AFTER;
          function worse(ctx) { return ctx.type === 'data' && s.worse[ctx.dataIndex]; }
          return {
            label: s.label,
            data: s.values,
            n: s.n,
            worse: s.worse,
            backgroundColor: function (ctx) { return worse(ctx) ? WORSE : base; },
            borderColor: function (ctx) { return worse(ctx) ? WORSE_EDGE : base; },
            borderWidth: function (ctx) { return worse(ctx) ? 2 : 0; }
          };
        })
      },
      options: {
        plugins: {
          title: { display: true, text: d.title },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var ds = ctx.dataset, i = ctx.dataIndex;
                return ds.label + ': ' + number(ctx.parsed.y) + '% (n = ' + ds.n[i] + ')' + (ds.worse[i] ? ', got worse' : '');
              }
            }
          }
        },
        scales: {
          y: {
            beginAtZero: true,
            min: lowestRoundedDown(d.series),
            title: { display: true, text: 'Reduction (%); below 0 got worse' }
          }
        }
      }
    };
  }

  function xmr(d) {
    var n = d.labels.length;
    var datasets = [{
      label: 'Workshops',
      data: d.values,
      borderColor: GREY,
      backgroundColor: GREY,
      pointBackgroundColor: function (ctx) { return d.special[ctx.dataIndex] ? SPECIAL : GREY; },
      pointBorderColor: function (ctx) { return d.special[ctx.dataIndex] ? SPECIAL : GREY; },
      pointRadius: function (ctx) { return d.special[ctx.dataIndex] ? 6 : 3; },
      tension: 0
    }];
    if (d.mean !== null) {
      datasets.push({ label: 'Mean', data: filled(n, d.mean), borderColor: DARK, backgroundColor: DARK, borderWidth: 1, pointRadius: 0 });
    }
    if (d.upper !== null && d.lower !== null) {
      datasets.push({ label: 'Upper limit', data: filled(n, d.upper), borderColor: GREY, backgroundColor: GREY, borderDash: [6, 4], borderWidth: 1, pointRadius: 0 });
      // A count cannot fall below zero, so the lower limit is drawn at zero at the lowest; the table gives the figure.
      datasets.push({ label: 'Lower limit', data: filled(n, Math.max(0, d.lower)), borderColor: GREY, backgroundColor: GREY, borderDash: [6, 4], borderWidth: 1, pointRadius: 0 });
    }
    return {
      type: 'line',
      data: { labels: d.labels, datasets: datasets },
      options: {
        plugins: {
          title: { display: true, text: d.title },
          tooltip: {
            callbacks: {
              afterLabel: function (ctx) {
                return ctx.datasetIndex === 0 && d.special[ctx.dataIndex] ? 'Special cause: ' + d.specialText[ctx.dataIndex] : '';
              }
            }
          }
        },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    };
  }

  function measure(d) {
    function colour(ctx) {
      var i = ctx.dataIndex;
      if (ctx.type !== 'data') return AFTER;
      if (d.worse[i]) return WORSE;
      return d.roles[i] === 'baseline' ? GREY : d.roles[i] === 'target' ? TARGET : AFTER;
    }
    return {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: [{ label: d.title + ' (' + d.unit + ')', data: d.values, backgroundColor: colour, borderColor: colour }]
      },
      options: {
        plugins: {
          legend: { display: false },
          title: { display: true, text: d.title + ' (' + d.unit + ')' },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return number(ctx.parsed.y, 2) + ' ' + d.unit + (d.worse[ctx.dataIndex] ? ', worse than the baseline' : '');
              }
            }
          }
        },
        scales: { y: { beginAtZero: true, title: { display: true, text: d.unit } } }
      }
    };
  }

  // Vertical lines across the plot at a point's index, labelled: the workshops (at their report-out) and the
  // recalculations of the limits on a value stream measure's chart. Chart.js has no such lines of its own.
  var verticalLines = {
    id: 'kaizenVerticalLines',
    afterDatasetsDraw: function (chart, args, options) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      (options.lines || []).forEach(function (line, n) {
        var px = x.getPixelForValue(line.index);
        ctx.save();
        ctx.strokeStyle = line.colour;
        ctx.fillStyle = line.colour;
        ctx.lineWidth = 1.5;
        ctx.setLineDash(line.dash || []);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = '11px ' + Chart.defaults.font.family;
        ctx.textAlign = px > area.right - 120 ? 'right' : 'left';
        ctx.fillText(line.label, px + (ctx.textAlign === 'right' ? -3 : 3), area.top + 11 + (n % 3) * 13);
        ctx.restore();
      });
    }
  };

  var SIGNAL = { improving: AFTER, concerning: SPECIAL, special: '#330072' };

  // A value stream measure's XmR chart: points coloured by signal, each stretch's mean and limits (a recalculation
  // starts a new stretch), the target, and a line at each workshop's report-out and each recalculation.
  function spc(d) {
    var n = d.labels.length;
    function colour(ctx) { return SIGNAL[d.signal[ctx.dataIndex]] || GREY; }
    var datasets = [{
      label: d.title,
      data: d.values,
      borderColor: GREY,
      backgroundColor: GREY,
      pointBackgroundColor: colour,
      pointBorderColor: colour,
      pointRadius: function (ctx) { return d.signal[ctx.dataIndex] ? 5 : 3; },
      tension: 0
    }];
    function stretch(seg, value) {
      var a = filled(n, null);
      for (var i = seg.first; i <= seg.last; i++) a[i] = value;
      return a;
    }
    d.segments.forEach(function (seg, k) {
      var first = k === 0;
      if (seg.mean !== null) {
        datasets.push({ label: 'Mean', data: stretch(seg, seg.mean), borderColor: DARK, backgroundColor: DARK, borderWidth: 1, pointRadius: 0, spanGaps: false, hideInLegend: !first });
      }
      if (seg.upper !== null && seg.lower !== null) {
        datasets.push({ label: 'Upper limit', data: stretch(seg, seg.upper), borderColor: GREY, backgroundColor: GREY, borderDash: [6, 4], borderWidth: 1, pointRadius: 0, spanGaps: false, hideInLegend: !first });
        datasets.push({ label: 'Lower limit', data: stretch(seg, seg.lower), borderColor: GREY, backgroundColor: GREY, borderDash: [6, 4], borderWidth: 1, pointRadius: 0, spanGaps: false, hideInLegend: !first });
      }
    });
    if (d.target !== null) {
      datasets.push({ label: 'Target', data: filled(n, d.target), borderColor: TARGET, backgroundColor: TARGET, borderDash: [2, 3], borderWidth: 2, pointRadius: 0 });
    }
    var lines = [];
    d.markers.forEach(function (m) {
      if (m.index !== null) lines.push({ index: m.index, label: m.reference, colour: DARK, dash: [] });
    });
    d.recalculations.forEach(function (r) {
      lines.push({ index: r.index, label: 'Recalculated: ' + r.reason, colour: '#330072', dash: [4, 3] });
    });
    return {
      type: 'line',
      data: { labels: d.labels, datasets: datasets },
      plugins: [verticalLines],
      options: {
        plugins: {
          title: { display: true, text: d.title },
          legend: { labels: { filter: function (item, data) { return !data.datasets[item.datasetIndex].hideInLegend; } } },
          kaizenVerticalLines: { lines: lines },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ': ' + number(ctx.parsed.y, 2) + (ctx.datasetIndex === 0 ? ' ' + d.unit : ''); },
              afterLabel: function (ctx) {
                return ctx.datasetIndex === 0 && d.signal[ctx.dataIndex] ? 'Special cause: ' + d.signalText[ctx.dataIndex] : '';
              }
            }
          }
        },
        scales: { y: { title: { display: true, text: d.unit } } }
      }
    };
  }

  var builders = { reductions: reductions, xmr: xmr, measure: measure, spc: spc };

  function draw(block) {
    var canvas = document.getElementById(block.getAttribute('data-canvas'));
    var build = builders[block.getAttribute('data-chart')];
    if (!canvas || !build || Chart.getChart(canvas)) return;
    var config = build(JSON.parse(block.textContent));
    config.options.animation = false;
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    new Chart(canvas, config);
  }

  function drawAll() {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = DARK;
    document.querySelectorAll('script[type="application/json"][data-chart]').forEach(draw);
  }

  // For content added after the page loaded: KaizenCharts.drawAll() draws any chart not drawn yet.
  window.KaizenCharts = { drawAll: drawAll };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
