/// The dashboard's style sheet (see `DashboardPage` for why it is a constant).
enum DashboardStyle {
    static let source = #"""
    body { font: 14px/1.4 system-ui, sans-serif; margin: 1em 2em; color: #222; background: #fafafa; }
    header { display: flex; align-items: baseline; gap: 1em; }
    h1 { font-size: 1.4em; margin: 0; }
    h2 { font-size: 1.1em; margin: 1.5em 0 .4em; }
    code { font: 12px ui-monospace, monospace; word-break: break-all; }
    #updated { color: #777; }

    .figures { display: flex; flex-wrap: wrap; gap: .6em; margin: 1em 0; }
    .figures div { background: #fff; border: 1px solid #ddd; padding: .4em .8em; min-width: 8em; }
    .figures .wide { flex: 1; }
    .label { display: block; color: #666; font-size: .85em; }
    .figure { font-size: 1.5em; font-variant-numeric: tabular-nums; }

    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: .6em; }
    figure { margin: 0; background: #fff; border: 1px solid #ddd; padding: .4em; }
    figcaption { color: #666; font-size: .85em; }
    canvas { width: 100%; height: 140px; display: block; }

    table { border-collapse: collapse; background: #fff; width: 100%; }
    th, td { border: 1px solid #ddd; padding: .25em .5em; text-align: left; vertical-align: top; }
    th { background: #f0f0f0; font-weight: 600; }
    td.number { text-align: right; font-variant-numeric: tabular-nums; }
    td code, .mark { white-space: nowrap; }

    .mark { padding: 0 .4em; border-radius: 3px; font-size: .85em; }
    .ok { background: #d7f0d7; color: #145214; }
    .warn { background: #fbecc0; color: #6b4d00; }
    .bad { background: #f6d0d0; color: #7a1010; }
    """#
}
