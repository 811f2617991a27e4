/// The page's only stylesheet, inlined in `<head>`; it styles the HTML and the inline SVG charts.
enum ReportStyle {
    static let css = """
        :root{--ink:#1d2733;--muted:#5f6b7a;--line:#d8dee6;--soft:#f4f6f9;--accent:#1f4e79;--ok:#1e7d3a;--bad:#b42318;--warn:#b26a00}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;background:#eef1f5;color:var(--ink);font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1240px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
        h1{font-size:26px;margin:0;font-weight:650;letter-spacing:-.01em}
        h2{font-size:19px;margin:36px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--ink);font-weight:650}
        h3{font-size:15px;margin:22px 0 8px;font-weight:650}
        h4{font-size:13px;margin:14px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        p{margin:6px 0}
        .eyebrow{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin-bottom:4px}
        .title-row{display:flex;align-items:center;gap:14px;flex-wrap:wrap}
        .status{font-weight:700;font-size:13px;letter-spacing:.06em;padding:3px 10px;border-radius:4px;border:1px solid}
        .status-final{color:var(--ok);border-color:var(--ok);background:#e9f6ed}
        .status-provisional{color:var(--warn);border-color:var(--warn);background:#fff5e0}
        .meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:4px 24px;margin:14px 0 8px}
        .meta div{display:flex;gap:8px;border-bottom:1px dotted var(--line);padding:3px 0}
        .meta dt{color:var(--muted);min-width:110px;font-size:13px}
        .meta dd{margin:0;font-weight:500}
        .reasons{background:#fff8e8;border-left:4px solid var(--warn);padding:8px 12px;margin:10px 0;font-size:13px}
        .reasons.ok{background:#eef8f0;border-color:var(--ok)}
        .reasons ul{margin:4px 0 0;padding-left:20px}
        .banner{margin:16px 0;padding:12px 16px;border-radius:6px}
        .banner-ok{background:#e9f6ed;border:1px solid #9fd3ad;color:#155d2b}
        .banner-violation{background:#fdecea;border:2px solid var(--bad);color:#5c1410}
        .banner-violation h2{color:var(--bad);border:0;margin:0 0 4px;font-size:20px}
        .banner-violation table{background:#fff}
        .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:16px 0 4px}
        .kpi{border:1px solid var(--line);border-radius:6px;padding:10px 14px;background:var(--soft)}
        .kpi-label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .kpi-value{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums;margin:2px 0}
        .kpi-note{font-size:12px;color:var(--muted)}
        nav.toc{font-size:13px;margin:14px 0;padding:8px 0;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}
        nav.toc a{color:var(--accent);text-decoration:none;margin-right:16px;white-space:nowrap}
        .table-wrap{overflow-x:auto;margin:6px 0 10px}
        table{border-collapse:collapse;width:100%;font-size:12.5px}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
        th{background:var(--soft);font-weight:600;color:#344150;border-bottom:1px solid #b8c2cf;white-space:nowrap}
        tfoot td{font-weight:650;border-top:2px solid var(--ink);border-bottom:0;background:#fafbfc}
        table.compact{width:auto;min-width:50%}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .neg{color:var(--bad)}
        .warn{color:var(--warn);font-weight:600}
        .bad{color:var(--bad);font-weight:600}
        .nowrap{white-space:nowrap}
        .small{font-size:11.5px}
        .muted{color:var(--muted)}
        .code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px}
        .strong{font-weight:650}
        td.wide{min-width:280px}
        td.detail{min-width:240px}
        tr.row-violation td{background:#fdf1f0}
        tr.row-total td{font-weight:650;background:#fafbfc}
        .badge{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.04em;padding:1px 7px;border-radius:3px}
        .badge-pass{background:#e3f4e8;color:var(--ok)}
        .badge-violation{background:var(--bad);color:#fff}
        .badge-warn{background:#fff1d6;color:var(--warn)}
        .badge-na{background:#eceff3;color:var(--muted)}
        .chart-figure{margin:18px 0 26px;padding:0}
        .chart-figure h3{margin:0 0 4px}
        figcaption{font-size:12.5px;color:var(--muted);margin-top:4px;max-width:1000px}
        .answers dl{margin:4px 0}
        .answers dt{font-weight:600;margin-top:8px}
        .answers dd{margin:2px 0 0 0;padding-left:12px;border-left:3px solid var(--line)}
        .two-col{display:grid;grid-template-columns:1fr 1fr;gap:24px}
        footer{margin-top:40px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
        svg.chart{width:100%;height:auto;display:block;font-family:inherit}
        svg .tick{font-size:11px;fill:var(--muted)}
        svg .strip-label{font-size:10px;fill:var(--muted)}
        svg .tick-minor{font-size:10px;fill:#8a94a3}
        svg .tick-month{font-size:11px;fill:var(--ink);font-weight:600}
        svg .axis-title{font-size:12px;fill:#344150}
        svg .legend-text{font-size:12px;fill:var(--ink)}
        svg .note{font-size:11px;fill:var(--muted)}
        svg .value{font-size:11px;fill:var(--ink);font-variant-numeric:tabular-nums}
        svg .value-small{font-size:9.5px;fill:var(--ink)}
        svg .value-strong{font-size:12px;font-weight:700;fill:var(--ink)}
        svg .cat{font-size:11px;fill:#344150}
        svg .cat-strong{font-size:12px;font-weight:700;fill:var(--ink)}
        svg .cat-muted{font-size:10.5px;fill:#8a94a3}
        svg .delta-up{font-size:10.5px;fill:var(--bad);font-weight:600}
        svg .delta-down{font-size:10.5px;fill:var(--ok);font-weight:600}
        svg .axis{stroke:#6b7684;stroke-width:1}
        svg .grid{stroke:#e4e8ee;stroke-width:1}
        svg .grid-day{stroke:#e9ecf1;stroke-width:1}
        svg .zero{stroke:#6b7684;stroke-width:1}
        svg .weekend{fill:#f6f7f9}
        svg .award{fill:#cfe2f7;fill-opacity:.75}
        svg .gap{fill:#d64545;fill-opacity:.13}
        svg .strip-bg{fill:#f0f2f5}
        svg .idle{fill:#6b7280}
        svg .est{fill:#f0a020}
        svg .edit{fill:#8e6bbf}
        svg .miss{fill:#d64545}
        svg polyline,svg line.s-master,svg line.s-storage,svg line.s-unadjusted,svg line.s-adjusted{fill:none;stroke-linejoin:round;stroke-linecap:round}
        svg .s-master{stroke:#1f4e79;stroke-width:1.1}
        svg .s-storage{stroke:#e07b00;stroke-width:1.1}
        svg .s-unadjusted{stroke:#8797ab;stroke-width:1.4}
        svg .s-adjusted{stroke:#c2410c;stroke-width:1.2}
        svg .bar-addback{fill:#2a9d8f}
        svg .bar-backout{fill:#8e6bbf}
        svg .bar-metered{fill:#a9bcd0}
        svg .bar-adjusted{fill:#1f4e79}
        svg .total-bg{fill:#f4f6f9}
        svg .wf-up{fill:#2f9e44}
        svg .wf-down{fill:#d64545}
        svg .wf-net{fill:#1f4e79}
        svg .wf-flat{stroke:#6b7684;stroke-width:2}
        svg .wf-connector{stroke:#8a94a3;stroke-dasharray:3 3}
        @media (max-width:800px){.two-col{grid-template-columns:1fr}main{padding:14px}}
        @media print{
          @page{size:A4 landscape;margin:12mm}
          body{background:#fff;font-size:10.5pt}
          main{max-width:none;padding:0}
          nav.toc{display:none}
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
          .chart-figure,.kpis,.banner,header{break-inside:avoid}
          h2,h3{break-after:avoid}
          tr{break-inside:avoid}
          .table-wrap{overflow:visible}
        }
        """
}
