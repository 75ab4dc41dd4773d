/// The dashboard's one page: a skeleton the script fills in.
///
/// The front end is kept in Swift string constants, not SwiftPM resources:
/// the coordinator is installed by copying its one binary, and a resource
/// bundle would not travel with it.
enum DashboardPage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>pktcluster</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="dashboard.css">
    <script src="dashboard.js" defer></script>
    </head>
    <body>
    <header>
      <h1>pktcluster</h1>
      <span id="connection" class="mark warn">connecting</span>
      <span id="updated"></span>
    </header>

    <section class="figures">
      <div><span class="label">height</span><span id="height" class="figure">–</span></div>
      <div class="wide"><span class="label">tip</span><code id="tip">–</code></div>
      <div><span class="label">workers · aggregators · validators · block miners</span><span id="nodes-count" class="figure">–</span></div>
      <div><span class="label">Mb/s: worker uplink · validator ingest · block miner ingest</span><span id="bandwidth" class="figure">–</span></div>
      <div><span class="label">goodrate</span><span id="goodrate" class="figure">–</span></div>
      <div><span class="label">blocks accepted / rejected</span><span id="blocks" class="figure">–</span></div>
      <div><span class="label">shares</span><span id="shares" class="figure">–</span></div>
      <div><span class="label">malformed frames</span><span id="malformed" class="figure">–</span></div>
    </section>

    <section class="charts">
      <figure><figcaption>announcement hash rate <b id="ann-rate"></b></figcaption><canvas id="chart-ann"></canvas></figure>
      <figure><figcaption>block hash rate <b id="block-rate"></b></figcaption><canvas id="chart-block"></canvas></figure>
      <figure><figcaption>announcements credited per second <b id="credited"></b></figcaption><canvas id="chart-credited"></canvas></figure>
    </section>

    <h2>Nodes</h2>
    <table>
      <thead><tr><th></th><th>id</th><th>role</th><th>name</th><th>threads</th><th>ann. hash rate</th><th>block hash rate</th><th>Mb/s</th><th>goodrate</th><th>pending batches</th><th>ann. stored</th><th>validator</th></tr></thead>
      <tbody id="node-rows"></tbody>
    </table>

    <h2>Recent blocks</h2>
    <table>
      <thead><tr><th>height</th><th>hash</th><th>window</th><th>paid</th></tr></thead>
      <tbody id="block-rows"></tbody>
    </table>

    <h2>Payouts by address</h2>
    <p><input id="address-filter" type="search" placeholder="filter by address" aria-label="filter by address"></p>
    <table>
      <thead><tr><th>address</th><th>ann. credit</th><th>share credit</th><th>next block share</th><th>paid</th><th>last paid</th><th>withheld</th></tr></thead>
      <tbody id="payout-rows"></tbody>
    </table>
    </body>
    </html>
    """#
}
