package io.nvmebridge.tool.bench;

/**
 * A self-contained HTML page for a {@link CompareReport}: the results as JSON in the page and a small
 * script that draws two SVG charts — IOPS by path and queue depth (log scale), and latency percentile
 * curves — plus the table. No external files, so the report can be mailed or archived as one file.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(CompareReport report) {
        String data = report.json().replace("</", "<\\/");
        return TEMPLATE.replace("/*DATA*/", data).replace("<!--TITLE-->", escape(report.title()));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>nvme-bridge compare</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
              h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
              .context { color: #555; font-size: 13px; white-space: pre-line; }
              table { border-collapse: collapse; font-size: 12px; margin-top: 12px; }
              th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
              th { background: #f2f2f2; } td.l { text-align: left; }
              svg text { font-size: 11px; fill: #333; }
              .axis line, .axis path { stroke: #888; }
              .legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
              .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
            </style>
            </head>
            <body>
            <h1><!--TITLE--></h1>
            <div class="context" id="context"></div>
            <h2>IOPS by path and queue depth (log scale; higher is better)</h2>
            <svg id="iops-chart" width="960" height="380"></svg>
            <div class="legend" id="iops-legend"></div>
            <h2>Latency percentiles (log scale; lower is better)</h2>
            <svg id="latency-chart" width="960" height="380"></svg>
            <div class="legend" id="latency-legend"></div>
            <h2>All rows</h2>
            <table id="results"></table>
            <script>
            const DATA = /*DATA*/;
            const NS = "http://www.w3.org/2000/svg";
            const COLORS = ["#4e79a7","#f28e2b","#e15759","#76b7b2","#59a14f","#edc948","#b07aa1","#ff9da7","#9c755f","#bab0ac","#1f77b4","#2ca02c"];
            function el(name, attrs, parent, text) {
              const e = document.createElementNS(NS, name);
              for (const k in attrs) e.setAttribute(k, attrs[k]);
              if (text !== undefined) e.textContent = text;
              parent.appendChild(e);
              return e;
            }
            function seriesName(r) { return r.label.replace(/ qd\\d+$/, ""); }
            function logTicks(lo, hi) {
              const t = [];
              for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) t.push(Math.pow(10, e));
              return t;
            }
            function fmt(v) {
              if (v >= 1e9) return (v / 1e9).toFixed(1) + "G";
              if (v >= 1e6) return (v / 1e6).toFixed(1) + "M";
              if (v >= 1e3) return (v / 1e3).toFixed(0) + "k";
              return String(Math.round(v));
            }
            function fmtNs(v) {
              if (v >= 1e6) return (v / 1e6).toFixed(v >= 1e7 ? 0 : 1) + " ms";
              if (v >= 1e3) return (v / 1e3).toFixed(v >= 1e4 ? 0 : 1) + " \u00b5s";
              return Math.round(v) + " ns";
            }
            function drawIops() {
              const svg = document.getElementById("iops-chart");
              const rows = DATA.results.filter(r => r.iops > 0);
              const depths = [...new Set(rows.map(r => r.iodepth))].sort((a, b) => a - b);
              const series = [...new Set(rows.map(seriesName))];
              const W = 960, H = 380, L = 60, B = 40, T = 10;
              const lo = Math.max(1, Math.min(...rows.map(r => r.iops)) / 2), hi = Math.max(...rows.map(r => r.iops)) * 2;
              const y = v => T + (H - B - T) * (1 - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
              const ax = el("g", {class: "axis"}, svg);
              for (const t of logTicks(lo, hi)) {
                if (t < lo || t > hi) continue;
                el("line", {x1: L, x2: W - 10, y1: y(t), y2: y(t), stroke: "#eee"}, ax);
                el("text", {x: L - 6, y: y(t) + 4, "text-anchor": "end"}, ax, fmt(t));
              }
              el("text", {x: 12, y: T + (H - B - T) / 2, transform: `rotate(-90 12 ${T + (H - B - T) / 2})`,
                "text-anchor": "middle"}, ax, "I/Os per second");
              const groupW = (W - L - 20) / depths.length;
              const barW = Math.max(3, (groupW - 20) / series.length);
              depths.forEach((d, gi) => {
                const gx = L + 10 + gi * groupW;
                el("text", {x: gx + (groupW - 20) / 2, y: H - 15, "text-anchor": "middle"}, ax, "queue depth " + d);
                series.forEach((s, si) => {
                  const r = rows.find(r => r.iodepth === d && seriesName(r) === s);
                  if (!r) return;
                  const bar = el("rect", {class: "bar", x: gx + si * barW, y: y(r.iops), width: barW - 2,
                    height: Math.max(1, H - B - y(r.iops)), fill: COLORS[si % COLORS.length], "data-label": r.label}, svg);
                  el("title", {}, bar, r.label + ": " + fmt(r.iops) + " IOPS");
                });
              });
              const legend = document.getElementById("iops-legend");
              series.forEach((s, si) => { legend.innerHTML += `<span><i style="background:${COLORS[si % COLORS.length]}"></i>${s}</span>`; });
            }
            function drawLatency() {
              const svg = document.getElementById("latency-chart");
              const keys = ["p50", "p90", "p99", "p99.9", "max"];
              const rows = DATA.results.filter(r => r.lat_ns && typeof r.lat_ns.p50 === "number" && r.lat_ns.p50 > 0);
              if (rows.length === 0) return;
              const vals = rows.flatMap(r => keys.map(k => r.lat_ns[k]).filter(v => typeof v === "number" && v > 0));
              const W = 960, H = 380, L = 60, B = 40, T = 10, R = 20;
              const lo = Math.min(...vals) / 2, hi = Math.max(...vals) * 2;
              const y = v => T + (H - B - T) * (1 - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
              const x = i => L + i * (W - L - R) / (keys.length - 1);
              const ax = el("g", {class: "axis"}, svg);
              for (const t of logTicks(lo, hi)) {
                if (t < lo || t > hi) continue;
                el("line", {x1: L, x2: W - R, y1: y(t), y2: y(t), stroke: "#eee"}, ax);
                el("text", {x: L - 6, y: y(t) + 4, "text-anchor": "end"}, ax, fmtNs(t));
              }
              keys.forEach((k, i) => el("text", {x: x(i), y: H - 15, "text-anchor": "middle"}, ax, k));
              const legend = document.getElementById("latency-legend");
              rows.forEach((r, ri) => {
                const pts = keys.map((k, i) => [x(i), r.lat_ns[k]]).filter(p => typeof p[1] === "number" && p[1] > 0);
                const d = pts.map((p, i) => (i ? "L" : "M") + p[0].toFixed(1) + "," + y(p[1]).toFixed(1)).join(" ");
                const color = COLORS[ri % COLORS.length];
                const path = el("path", {class: "curve", d: d, fill: "none", stroke: color, "stroke-width": 2,
                  "data-label": r.label}, svg);
                el("title", {}, path, r.label);
                legend.innerHTML += `<span><i style="background:${color}"></i>${r.label}</span>`;
              });
            }
            function drawTable() {
              const t = document.getElementById("results");
              const cols = [["label","label"],["device","device"],["iodepth","qd"],["iops","IOPS"],["bw_MBps","MB/s"],
                ["p50","p50 ns"],["p99","p99 ns"],["p99.9","p99.9 ns"],["cpu_ns_per_io","CPU ns/IO"],
                ["alloc_bytes_per_io","B/IO"],["ratio_to_kernel_read","vs kernel read"],["ratio_to_kernel_nop","vs kernel nop"]];
              let h = "<tr>" + cols.map(c => `<th>${c[1]}</th>`).join("") + "</tr>";
              for (const r of DATA.results) {
                h += "<tr>" + cols.map(([k]) => {
                  let v = k in r ? r[k] : (r.lat_ns ? r.lat_ns[k] : undefined);
                  if (typeof v === "number") v = Number.isInteger(v) ? v : v.toFixed(2);
                  return `<td class="${typeof v === "string" && isNaN(v) ? "l" : ""}">${v === undefined || v === null ? "-" : v}</td>`;
                }).join("") + "</tr>";
              }
              t.innerHTML = h;
            }
            document.getElementById("context").textContent = DATA.context.join("\\n");
            drawIops();
            drawLatency();
            drawTable();
            </script>
            </body>
            </html>
            """;
}
