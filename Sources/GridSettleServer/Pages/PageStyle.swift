/// The pages' one stylesheet, served at `/ui/style.css` (a public path, so the sign-in page is styled too).
/// Plain CSS, no build step; colours match the settlement report so the two read as one product. The
/// report's own chart styles come with its charts (``RunPage/chartStyle``, the report stylesheet scoped), not from here.
enum PageStyle {
    static let css = """
        :root{--ink:#1d2733;--muted:#5f6b7a;--line:#d8dee6;--soft:#f4f6f9;--accent:#1f4e79;--ok:#1e7d3a;--bad:#b42318;--warn:#b26a00}
        *{box-sizing:border-box}
        body{margin:0;background:#eef1f5;color:var(--ink);font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        a{color:var(--accent)}
        header.top{display:flex;align-items:center;gap:24px;flex-wrap:wrap;background:var(--ink);color:#fff;padding:10px 28px}
        header.top .brand{color:#fff;font-weight:700;font-size:17px;text-decoration:none;letter-spacing:.01em}
        nav.who{display:flex;align-items:center;gap:18px;flex-wrap:wrap;margin-left:auto;font-size:13px}
        .who-label{color:#aab6c4;text-transform:uppercase;font-size:11px;letter-spacing:.06em;margin-right:2px}
        .role{padding:1px 7px;border-radius:3px;background:#34475c}
        .role-utility{background:#7a4b00}
        form.signout{margin:0}
        form.signout button{background:transparent;color:#fff;border:1px solid #8595a8;border-radius:4px;padding:4px 12px;font:inherit;cursor:pointer}
        main{max-width:1280px;margin:0 auto;padding:20px 28px 48px;background:#fff;min-height:calc(100vh - 48px)}
        h1{font-size:24px;margin:4px 0;font-weight:650}
        h2{font-size:18px;margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--ink);font-weight:650}
        p{margin:6px 0}
        .eyebrow{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
        .title-row{display:flex;align-items:center;gap:14px;flex-wrap:wrap}
        .subtitle{color:var(--muted)}
        .muted{color:var(--muted)}
        .small{font-size:11.5px}
        .nowrap{white-space:nowrap}
        .strong{font-weight:650}
        .code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
        .note{background:#fff8e8;border-left:4px solid var(--warn);padding:8px 12px;margin:10px 0}
        .status{font-weight:700;font-size:12px;letter-spacing:.06em;padding:2px 9px;border-radius:4px;border:1px solid;white-space:nowrap}
        .status-final{color:var(--ok);border-color:var(--ok);background:#e9f6ed}
        .status-provisional{color:var(--warn);border-color:var(--warn);background:#fff5e0}
        nav.tabs{display:flex;gap:4px;flex-wrap:wrap;border-bottom:1px solid var(--line);margin:0 0 14px;padding-bottom:0}
        nav.tabs a{padding:7px 14px;text-decoration:none;border:1px solid transparent;border-bottom:0;border-radius:5px 5px 0 0;margin-bottom:-1px}
        nav.tabs a.back{color:var(--muted);margin-right:12px}
        nav.tabs a.current{border-color:var(--line);background:#fff;color:var(--ink);font-weight:650}
        nav.tabs a.tab-bad{color:var(--bad);font-weight:650}
        .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin:16px 0 8px}
        .kpi{border:1px solid var(--line);border-radius:6px;padding:10px 14px;background:var(--soft)}
        .kpi-label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .kpi-value{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums;margin:2px 0}
        .kpi-value a{text-decoration:none}
        .kpi-note{font-size:12px;color:var(--muted)}
        .good{color:var(--ok)}
        .bad{color:var(--bad);font-weight:650}
        .up{color:#1f4e79}
        .down{color:#c2410c}
        .table-wrap{overflow-x:auto;margin:6px 0 12px}
        table{border-collapse:collapse;width:100%;font-size:12.5px}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
        th{background:var(--soft);font-weight:600;color:#344150;border-bottom:1px solid #b8c2cf;white-space:nowrap}
        table.compact{width:auto;min-width:40%}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .neg{color:var(--bad)}
        td.wide{min-width:260px}
        td.detail{min-width:280px}
        tr.row-violation td{background:#fdf1f0}
        tr.row-changed td{background:#fffbea}
        tr.row-added td{background:#eef8f0}
        tr.row-removed td{background:#fdf1f0}
        td.change{font-weight:700}
        del{color:var(--muted);text-decoration:line-through}
        ins{text-decoration:none;font-weight:650;background:#fff1b8;padding:0 3px;border-radius:2px}
        .badge{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.04em;padding:1px 7px;border-radius:3px;text-decoration:none}
        .badge-pass{background:#e3f4e8;color:var(--ok)}
        .badge-violation{background:var(--bad);color:#fff}
        .badge-na{background:#eceff3;color:var(--muted)}
        .badge-added{background:#e3f4e8;color:var(--ok)}
        .badge-removed{background:#fdecea;color:var(--bad)}
        .banner{margin:16px 0;padding:12px 16px;border-radius:6px}
        .banner h2{border:0;margin:0 0 4px;padding:0}
        .banner-ok{background:#e9f6ed;border:1px solid #9fd3ad;color:#155d2b}
        .banner-violation{background:#fdecea;border:2px solid var(--bad);color:#5c1410}
        .banner-violation h2{color:var(--bad);font-size:21px}
        .banner-violation table{background:#fff}
        .totals{display:grid;grid-template-columns:minmax(320px,auto) 1fr;gap:24px;align-items:start}
        figure.chart{margin:8px 0 20px}
        figure.chart-narrow{max-width:900px}
        nav.jump{font-size:13px;margin:10px 0 0}
        nav.jump a{margin-right:16px}
        figcaption{font-size:12.5px;color:var(--muted);margin-top:4px}
        svg.bars{width:100%;height:auto;display:block;font-family:inherit}
        svg.bars .band{fill:#f7f8fa}
        svg.bars .bar-label{font-size:12px;fill:#344150}
        svg.bars .bar-value{font-size:12px;fill:var(--ink);font-variant-numeric:tabular-nums}
        svg.bars .bar-axis{font-size:11px;fill:var(--muted)}
        svg.bars .bar-pos{fill:#1f4e79}
        svg.bars .bar-neg{fill:#c2410c}
        svg.bars .bar-zero{fill:#8a94a3}
        svg.bars .bar-zero-line{stroke:#6b7684;stroke-width:1}
        form.picker{display:flex;gap:8px;align-items:center;margin:8px 0;flex-wrap:wrap}
        select,input,button{font:inherit}
        form.picker select{padding:4px 6px;max-width:640px}
        form.picker button,section.login button{padding:5px 14px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
        section.login{max-width:440px;margin:60px auto}
        section.login form{display:flex;flex-direction:column;gap:8px;margin-top:16px}
        section.login input[type=password]{padding:8px 10px;border:1px solid #b8c2cf;border-radius:4px}
        .form-error{background:#fdecea;border:1px solid var(--bad);color:#5c1410;padding:8px 12px;border-radius:4px}
        section.error-page{max-width:640px;margin:60px auto}
        @media (max-width:900px){.totals{grid-template-columns:1fr}main{padding:14px}}
        """
}
