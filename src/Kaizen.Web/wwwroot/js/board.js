/* Kaizen board pages. Draws the compact reflection trend (a stacked bar chart per meeting) from the JSON block
   <script type="application/json" data-board-chart="reflections" data-canvas="..."> and wires the pack's Print
   button. No inline script (the CSP forbids it); needs Chart.js loaded first. Charts are not redrawn for printing:
   a redraw started by beforeprint is not finished when the page is captured and prints blank; instead pack.css
   scales the screen drawing to the A4 column, keeping its shape. */
(function () {
  'use strict';

  var COLOURS = { living: '#007f3b', partly: '#ed8b00', not_yet: '#d5281b' };

  function reflections(d) {
    return {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s) {
          return { label: s.label, data: s.values, backgroundColor: COLOURS[s.key] || '#768692', borderWidth: 0 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: d.title } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Items' } }
        }
      }
    };
  }

  var builders = { reflections: reflections };

  function drawAll() {
    if (typeof Chart !== 'undefined') {
      document.querySelectorAll('script[type="application/json"][data-board-chart]').forEach(function (block) {
        var canvas = document.getElementById(block.getAttribute('data-canvas'));
        var build = builders[block.getAttribute('data-board-chart')];
        if (canvas && build) new Chart(canvas, build(JSON.parse(block.textContent)));
      });
    }
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
