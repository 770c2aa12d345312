// Draws the dashboard's charts from the data the page carries (json_script "insights-data").
// The tables beside each chart hold the same figures; suppressed ones (null) are left out here.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("insights-data");
    if (!source || typeof window.Chart === "undefined") return;
    var sections = JSON.parse(source.textContent);
    sections.forEach(function (section) {
      var canvas = document.querySelector('canvas[data-chart="' + section.key + '"]');
      if (!canvas) return;
      var columns = section.columns.filter(function (c) { return c.chart; });
      var datasets = columns.map(function (column) {
        return {
          label: column.label,
          data: section.rows.map(function (row) { return row.values[column.key]; }),
          spanGaps: true
        };
      });
      new window.Chart(canvas, {
        type: section.chart === "line" ? "line" : "bar",
        data: { labels: section.rows.map(function (row) { return row.label; }), datasets: datasets },
        options: {
          indexAxis: section.key === "funnel" ? "y" : "x",
          animation: false,
          responsive: true,
          plugins: { legend: { display: datasets.length > 1 } }
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
