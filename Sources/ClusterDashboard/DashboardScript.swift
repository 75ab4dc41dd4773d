/// The dashboard's script (see `DashboardPage` for why it is a constant): it
/// polls the JSON every 2 seconds, keeps 5 minutes of history for the charts
/// and redraws the tables. It writes to the console only when polling fails.
enum DashboardScript {
    static let source = #"""
    "use strict";

    const POLL_MS = 2000;
    const HISTORY_MS = 5 * 60 * 1000;
    // Pending batches at which a node is "slow" and "stalled": by default a worker
    // stops mining at 64 unacknowledged batches, and a validator stops
    // acknowledging at 4096 credits the coordinator has not yet taken.
    const PENDING = { worker: [16, 64], other: [1024, 4096] };
    const UNITS_PER_PKT = 2 ** 30;

    const history = [];        // one point per poll: time, annRate, blockRate, credited
    let payouts = { blocks: [], addresses: [] };
    let failing = false;

    const $ = id => document.getElementById(id);
    const number = n => n.toLocaleString("en-US");
    const percent = fraction => (fraction * 100).toFixed(1) + " %";
    const megabits = rate => rate.toFixed(rate < 10 ? 2 : 1);
    const pkt = units => (units / UNITS_PER_PKT).toLocaleString("en-US", { maximumFractionDigits: 4 }) + " PKT";

    function hashRate(perSecond) {
      const units = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s"];
      let i = 0;
      while (perSecond >= 1000 && i < units.length - 1) { perSecond /= 1000; i++; }
      return perSecond.toFixed(i ? 2 : 0) + " " + units[i];
    }

    // An element with a class and children (strings become text, never HTML).
    function el(tag, className, ...children) {
      const node = document.createElement(tag);
      if (className) node.className = className;
      node.append(...children.map(child => child instanceof Node ? child : String(child)));
      return node;
    }
    const cell = (...children) => el("td", "", ...children);
    const numberCell = text => el("td", "number", text);
    const code = text => el("code", "", text);

    async function getJSON(path) {
      const response = await fetch(path, { cache: "no-store" });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    }

    async function poll() {
      try {
        const [status, nodes, report] = await Promise.all(
          [getJSON("api/status"), getJSON("api/nodes"), getJSON("api/payouts")]);
        payouts = report;
        record(status);
        showStatus(status);
        showNodes(nodes);
        showPayouts();
        drawCharts();
        $("connection").className = "mark ok";
        $("connection").textContent = "live";
        $("updated").textContent = "updated " + new Date().toLocaleTimeString("en-GB");
        failing = false;
      } catch (error) {
        $("connection").className = "mark bad";
        $("connection").textContent = "coordinator unreachable";
        if (!failing) console.error("dashboard: " + error.message);
        failing = true;
      }
      setTimeout(poll, POLL_MS);
    }

    function record(status) {
      const time = Date.now();
      const last = history[history.length - 1];
      const seconds = last ? (time - last.time) / 1000 : 0;
      history.push({
        time, total: status.announcementsCredited,
        annRate: status.announcementHashRate, blockRate: status.blockHashRate,
        credited: seconds > 0 ? Math.max(0, status.announcementsCredited - last.total) / seconds : null,
      });
      while (history[0].time < time - HISTORY_MS) history.shift();
    }

    function showStatus(status) {
      $("height").textContent = status.height;
      $("tip").textContent = status.tip;
      $("nodes-count").textContent =
        `${status.workers} · ${status.aggregators} · ${status.validators} · ${status.blockMiners}`;
      const bandwidth = status.bandwidth;
      $("bandwidth").textContent = [bandwidth.workersUplink, bandwidth.validatorsIngest, bandwidth.blockMinersIngest]
        .map(megabits).join(" · ");
      $("goodrate").textContent = percent(bandwidth.goodrate);
      $("blocks").textContent = `${number(status.blocksAccepted)} / ${number(status.blocksRejected)}`;
      $("shares").textContent = number(status.shares);
      $("malformed").textContent = number(status.malformedFrames);
      $("ann-rate").textContent = hashRate(status.announcementHashRate);
      $("block-rate").textContent = hashRate(status.blockHashRate);
      $("credited").textContent = number(status.announcementsCredited) + " in all";
    }

    function health(node) {
      const [slow, stalled] = PENDING[node.role] ?? PENDING.other;
      if (node.pendingBatches >= stalled) return ["bad", "stalled"];
      if (node.pendingBatches >= slow) return ["warn", "slow"];
      if (node.role === "worker" && !node.validator) return ["warn", "no validator"];
      return ["ok", "ok"];
    }

    function showNodes(nodes) {
      const names = new Map(nodes.map(node => [node.id, node.name]));
      $("node-rows").replaceChildren(...nodes.map(node => {
        const [level, text] = health(node);
        const validator = node.validator ? [code(node.validator), " " + (names.get(node.validator) ?? "")] : ["–"];
        return el("tr", "",
          cell(el("span", "mark " + level, text)), cell(code(node.id)), cell(node.role), cell(node.name),
          numberCell(node.threads), numberCell(hashRate(node.hashRate)), numberCell(hashRate(node.blockHashRate)),
          numberCell(megabits(node.megabitsPerSecond)), numberCell(node.role === "worker" ? percent(node.goodrate) : "–"),
          numberCell(number(node.pendingBatches)), numberCell(number(node.announcementsStored)), cell(...validator));
      }));
    }

    // Recent blocks and the per-address table, both narrowed by the address filter.
    function showPayouts() {
      const filter = $("address-filter").value.trim();
      const shown = address => address.includes(filter);
      $("block-rows").replaceChildren(...payouts.blocks.map(block => el("tr", "",
        numberCell(block.height), cell(code(block.hash)), numberCell(block.window ?? "–"),
        cell(...block.outputs.filter(output => shown(output.address))
          .map(output => el("div", "", code(output.address), " " + pkt(output.units)))))));
      $("payout-rows").replaceChildren(...payouts.addresses.filter(row => shown(row.address)).map(row => el("tr", "",
        cell(code(row.address)), numberCell(row.announcementCredit.toPrecision(4)),
        numberCell(row.shareCredit.toPrecision(4)), numberCell(percent(row.nextShare)),
        numberCell(pkt(row.paidUnits)),
        numberCell(row.lastPaidHeight == null ? "–" : `${pkt(row.lastPaidUnits)} at ${row.lastPaidHeight}`),
        numberCell(pkt(row.withheldUnits)))));
    }

    function drawCharts() {
      drawChart($("chart-ann"), "annRate", hashRate);
      drawChart($("chart-block"), "blockRate", hashRate);
      drawChart($("chart-credited"), "credited", value => value.toFixed(1) + "/s");
    }

    // One line over the last 5 minutes, scaled to its highest point.
    function drawChart(canvas, key, format) {
      const points = history.filter(point => point[key] != null);
      canvas.dataset.points = points.length;
      const ratio = window.devicePixelRatio || 1;
      const width = canvas.clientWidth, height = canvas.clientHeight, pad = 16;
      canvas.width = width * ratio;
      canvas.height = height * ratio;
      const g = canvas.getContext("2d");
      g.scale(ratio, ratio);
      g.font = "11px system-ui, sans-serif";
      g.fillStyle = "#777";
      g.strokeStyle = "#e4e4e4";
      g.strokeRect(0.5, pad + 0.5, width - 1, height - 2 * pad);
      const max = Math.max(...points.map(point => point[key]), 0);
      g.fillText("max " + format(max), 4, pad - 4);
      g.fillText("5 min ago", 4, height - 3);
      g.fillText("now", width - 24, height - 3);
      if (points.length < 2) return;
      const now = Date.now();
      const x = time => width * (1 - (now - time) / HISTORY_MS);
      const y = value => height - pad - (max > 0 ? value / max : 0) * (height - 2 * pad);
      g.strokeStyle = "#2a6fb0";
      g.lineWidth = 1.5;
      g.beginPath();
      points.forEach((point, i) => (i ? g.lineTo : g.moveTo).call(g, x(point.time), y(point[key])));
      g.stroke();
    }

    document.addEventListener("DOMContentLoaded", () => {
      $("address-filter").addEventListener("input", showPayouts);
      window.addEventListener("resize", drawCharts);
      poll();
    });
    """#
}
