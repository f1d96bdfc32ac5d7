// Charts with the vendored Apache ECharts (window.echarts, loaded by a classic script).
// Animation is off: a chart is drawn at once, and its container gets data-rendered="1" on
// ECharts' "finished" event and data-points with the number of points drawn.

import { t } from "./i18n.js";
import { periodX } from "./util.js";

export const STATE_COLORS = {
  ACHIEVED: "#2e7d32",
  ON_TRACK: "#1565c0",
  AT_RISK: "#ef6c00",
  BEHIND: "#c62828",
  NO_DATA: "#9e9e9e",
};
export const STATES = ["ACHIEVED", "ON_TRACK", "AT_RISK", "BEHIND", "NO_DATA"];

const live = new Set();

function echartsReady() {
  if (window.echarts) return Promise.resolve(window.echarts);
  return new Promise((resolve) => {
    const wait = () => (window.echarts ? resolve(window.echarts) : setTimeout(wait, 10));
    wait();
  });
}

/** Draw an option into a container; resolves when ECharts says it finished. */
export async function draw(el, option, points) {
  const echarts = await echartsReady();
  if (!el.isConnected) return;
  const chart = echarts.init(el, null, { renderer: "canvas" });
  live.add(chart);
  el.dataset.points = String(points);
  await new Promise((resolve) => {
    chart.on("finished", () => {
      el.dataset.rendered = "1";
      resolve();
    });
    chart.setOption({ animation: false, textStyle: { fontFamily: "sans-serif" }, ...option });
  });
}

/** Dispose every chart (before drawing another page). */
export function disposeAll() {
  for (const chart of live) chart.dispose();
  live.clear();
}

/** Resize every chart to its container. */
export function resizeAll() {
  for (const chart of live) chart.resize();
}

/** A small stacked bar of state counts. counts: {ACHIEVED: n, …}. */
export function stateBar(el, counts) {
  const total = STATES.reduce((sum, s) => sum + (counts[s] || 0), 0);
  const option = {
    grid: { left: 2, right: 2, top: 2, bottom: 2 },
    xAxis: { type: "value", show: false, max: Math.max(total, 1) },
    yAxis: { type: "category", show: false, data: [""] },
    tooltip: { trigger: "item", confine: true },
    series: STATES.map((s) => ({
      name: t(s),
      type: "bar",
      stack: "states",
      barWidth: "70%",
      itemStyle: { color: STATE_COLORS[s] },
      data: [counts[s] || 0],
    })),
  };
  return draw(el, option, total);
}

function lineFrom(timelines, key) {
  const points = [];
  for (const group of timelines) {
    for (const line of group || []) {
      if ((line.series || null) !== key) continue;
      line.periods.forEach((p, i) => {
        const x = periodX(p);
        if (x !== null) points.push([x, Number(line.values[i]), p]);
      });
    }
  }
  points.sort((a, b) => a[0] - b[0]);
  return points;
}

/** The chart of an indicator: actual values against the target path (baseline and yearly
 * targets), the checkpoint of the period and the forecast to the plan's last year. */
export function indicatorChart(el, ind, statuses, timelines, years, seriesName) {
  const [first, last] = years;
  const keys = ind.series.length ? ind.series.map((s) => s.key) : [null];
  const lines = [];
  let points = 0;
  const palette = ["#1565c0", "#6a1b9a"];
  keys.forEach((key, n) => {
    const suffix = key ? ` · ${seriesName(key)}` : "";
    const color = palette[n % palette.length];
    const path = ind.targets
      .filter((c) => (c.series || null) === key && c.value !== null && c.comparator !== "NONE")
      .map((c) => [c.year, Number(c.value), c.text])
      .sort((a, b) => a[0] - b[0]);
    const actual = lineFrom(timelines, key);
    points += path.length + actual.length;
    lines.push({
      name: t("targetPath") + suffix,
      type: "line",
      data: path,
      lineStyle: { type: "dashed", color: "#757575" },
      itemStyle: { color: "#757575" },
      symbol: "rect",
    });
    if (ind.accumulation === "YTD_FLOW") {
      // a year-to-date flow restarts each year: the yearly totals make the line, the values
      // inside a year stand alone (comparable with the pro-rated checkpoint)
      const yearly = actual.filter((p) => /^\d{4}$/.test(p[2]));
      const partial = actual.filter((p) => !/^\d{4}$/.test(p[2]));
      lines.push({ name: t("actual") + suffix, type: "line", data: yearly, itemStyle: { color }, lineStyle: { color, width: 2.5 } });
      if (partial.length) {
        lines.push({ name: t("yearToDate") + suffix, type: "scatter", data: partial, symbolSize: 8, itemStyle: { color } });
      }
    } else {
      lines.push({ name: t("actual") + suffix, type: "line", data: actual, itemStyle: { color }, lineStyle: { color, width: 2.5 } });
    }
    const status = statuses.find((s) => (s.series || null) === key);
    if (status && status.checkpoint !== null && status.checkpoint !== undefined) {
      const x = periodX(status.period);
      if (x !== null) {
        lines.push({
          name: t("checkpoint") + suffix,
          type: "scatter",
          symbol: "diamond",
          symbolSize: 12,
          itemStyle: { color: "#ef6c00" },
          data: [[x, Number(status.checkpoint), status.period]],
        });
        points += 1;
      }
    }
    if (status && actual.length && (status.forecastYearEnd || status.forecastFinal)) {
      const start = actual[actual.length - 1];
      const forecast = [start];
      const yearEnd = Math.ceil(start[0]);
      if (status.forecastYearEnd && yearEnd > start[0]) forecast.push([yearEnd, Number(status.forecastYearEnd)]);
      if (status.forecastFinal && last > forecast[forecast.length - 1][0]) forecast.push([last, Number(status.forecastFinal)]);
      if (forecast.length > 1) {
        lines.push({
          name: t("forecast") + suffix,
          type: "line",
          data: forecast,
          lineStyle: { type: "dotted", color },
          itemStyle: { color },
          symbol: "emptyCircle",
        });
        points += forecast.length - 1;
      }
    }
  });
  return draw(el, yearOption(lines, first - 1, last, ind), points);
}

/** One line per jurisdiction (the indicator under a parent). */
export function jurisdictionsChart(el, ind, timelines, names, years) {
  const [first, last] = years;
  const lines = [];
  let points = 0;
  for (const line of timelines) {
    const data = line.periods.map((p, i) => [periodX(p), Number(line.values[i])]).filter((d) => d[0] !== null);
    points += data.length;
    const label = (names[line.jurisdiction] || line.jurisdiction) + (line.series ? ` · ${line.series}` : "");
    lines.push({ name: label, type: "line", data, symbolSize: 5 });
  }
  const path = ind.targets.filter((c) => c.value !== null && c.comparator !== "NONE" && !c.series);
  if (path.length) {
    lines.push({
      name: t("targetPath"),
      type: "line",
      data: path.map((c) => [c.year, Number(c.value)]),
      lineStyle: { type: "dashed", color: "#757575" },
      itemStyle: { color: "#757575" },
    });
    points += path.length;
  }
  return draw(el, yearOption(lines, first - 1, last, ind), points);
}

function yearOption(series, min, max, ind) {
  return {
    grid: { left: 8, right: 16, top: 30, bottom: 34, containLabel: true },
    legend: { type: "scroll", bottom: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: "item", confine: true, formatter: (p) => `${p.seriesName}<br>${p.data[2] || p.data[0]}: ${p.data[1]}` },
    xAxis: {
      type: "value",
      min,
      max,
      interval: 1,
      axisLabel: { formatter: (v) => String(v) },
      splitLine: { show: false },
    },
    yAxis: { type: "value", scale: true, name: ind._unit || ind.unit, nameTextStyle: { align: "left" } },
    series,
  };
}
