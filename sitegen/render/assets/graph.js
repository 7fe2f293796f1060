// The graph page: fetches the graph's JSON (the page links to it) and draws it with force-graph.
// Paper titles are data: the hover tip shows them with textContent, never as HTML.
(function () {
  "use strict";
  const box = document.getElementById("sg-graph");
  const dataLink = document.getElementById("sg-graph-data");
  const frame = box && box.parentElement;
  if (!box || !dataLink || typeof ForceGraph !== "function") return;
  const status = frame.querySelector(".sg-graph__status");
  const tip = frame.querySelector(".sg-graph__tip");
  const dataUrl = new URL(dataLink.getAttribute("href"), location.href);
  const siteRoot = new URL(".", dataUrl); // graph.json sits at the site's root; node URLs are relative to it
  const BIG = 2000; // above this many papers, cheaper drawing and a shorter layout
  const MIN_RADIUS_PX = 2; // zoomed out over thousands of papers, a node keeps this size on screen

  fetch(dataUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    })
    .then(draw)
    .catch((error) => {
      status.textContent = `The graph could not be loaded (${error.message}).`;
    });

  function nodesOf(data) {
    const colors = new Map(data.tags.map((tag) => [tag.slug, tag.color]));
    return data.nodes.map((node) => ({
      id: node.id,
      title: node.title,
      url: node.url,
      color: colors.get(node.tag) || data.untagged_color,
    }));
  }

  function showTip(node) {
    tip.hidden = !node;
    box.style.cursor = node ? "pointer" : "";
    if (node) tip.textContent = node.title;
  }

  function dot(node, color, ctx, radius) {
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(node.x, node.y, radius, 0, 2 * Math.PI);
    ctx.fill();
  }

  function draw(data) {
    const nodes = nodesOf(data);
    const links = data.edges.map((edge) => ({ source: edge.source, target: edge.target }));
    const big = nodes.length > BIG;
    // Tens of thousands of lines cost most of a frame without a GPU: a large graph draws its links
    // only when the layout has settled and the view is still.
    let moving = big;
    const radius = (scale) => Math.max(big ? 2 : 4, MIN_RADIUS_PX / scale);
    let redrawing = false;
    box.dataset.nodes = String(nodes.length);
    box.dataset.links = String(links.length);
    status.textContent = "";
    const graph = ForceGraph()(box)
      .width(box.clientWidth)
      .height(box.clientHeight)
      .nodeId("id")
      .nodeLabel(() => "") // force-graph's own tooltip would take the title as HTML
      .nodeCanvasObject((node, ctx, scale) => dot(node, node.color, ctx, radius(scale)))
      .nodePointerAreaPaint((node, color, ctx, scale) => dot(node, color, ctx, radius(scale) + 1 / scale))
      .linkColor(() => (big ? "rgba(128, 128, 128, 0.12)" : "rgba(128, 128, 128, 0.35)"))
      .linkWidth(big ? 0.5 : 1)
      .linkVisibility(() => !moving)
      .linkPointerAreaPaint(() => {}) // links are not clickable: keep them off the hit-test canvas
      .enableNodeDrag(!big) // dragging reheats the whole layout: too slow at thousands of papers
      // A large graph starts from a few layout steps done before the first frame, then settles for a short while.
      .warmupTicks(big ? 20 : 0)
      .cooldownTicks(big ? 60 : 300)
      .onNodeHover(showTip)
      .onNodeClick((node) => {
        location.href = new URL(node.url, siteRoot).href;
      })
      .onZoom(() => {
        if (!redrawing) moving = big;
      })
      .onZoomEnd(() => {
        if (moving && box.dataset.settled) redrawWithLinks();
      })
      .onEngineStop(() => {
        if (box.dataset.settled) return;
        box.dataset.settled = "true";
        graph.zoomToFit(0, 20);
        redrawWithLinks();
      })
      .onRenderFramePost(() => {
        // The first frame that shows the papers where the layout put them (frames before the data is in are empty).
        if (box.dataset.rendered || nodes[0]?.x === undefined) return;
        box.dataset.rendered = "true";
        box.dataset.firstFrameMs = String(Math.round(performance.now()));
      })
      .graphData({ nodes, links });
    function redrawWithLinks() {
      // Zooming to the same scale is the cheap way to ask force-graph for one more frame.
      moving = false;
      redrawing = true;
      graph.zoom(graph.zoom());
      redrawing = false;
    }
    box.addEventListener("pointermove", (event) => {
      const bounds = frame.getBoundingClientRect();
      tip.style.left = `${event.clientX - bounds.left + 12}px`;
      tip.style.top = `${event.clientY - bounds.top + 12}px`;
    });
    new ResizeObserver(() => graph.width(box.clientWidth).height(box.clientHeight)).observe(box);
    window.sitegenGraph = graph; // for tests and the console: positions of nodes, screen coordinates
  }
})();
