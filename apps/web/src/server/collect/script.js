// Keygate's web tracker, served at /js/script.js: DataFast's tag attributes, cookies and event format. ES2017.
// biome-ignore-all lint/complexity/useOptionalChain: ES2017 target, `?.` is ES2020.
(() => {
  const w = window;
  const d = document;
  const loc = location;
  const stub = w.datafast;
  if (stub && stub.kg) return;
  const el = d.currentScript || d.querySelector("script[data-website-id]");
  const attr = (n) => (el && el.getAttribute(`data-${n}`)) || "";
  const websiteId = attr("website-id");
  const domain = attr("domain").toLowerCase();
  const warn = (m) => attr("disable-console") === "true" || console.warn("[Keygate]", m);
  const host = loc.hostname;
  const under = (h, root) => h === root || h.endsWith(`.${root}`);
  const allowed = attr("allowed-hostnames")
    .toLowerCase()
    .split(/\s*,\s*/)
    .filter(Boolean);
  let off = "";
  try {
    if (!websiteId || !domain) off = "no data-website-id or data-domain";
    else if (/^(localhost|127(\.\d+){0,3}|\[::1\])$|\.local(host)?$/.test(host) && attr("allow-localhost") !== "true")
      off = "localhost";
    else if (loc.protocol === "file:") off = "file:";
    else if (w !== w.parent) off = "iframe";
    else if (navigator.webdriver === true) off = "webdriver";
    else if (localStorage.getItem("datafast_ignore") === "true") off = "datafast_ignore";
  } catch (e) {
    off = `${e}`;
  }
  if (off) {
    w.datafast = () => {};
    return warn(`off: ${off}`);
  }

  let api = new URL("/api/events", (el && el.src) || loc.href).href;
  try {
    if (attr("api-url")) api = new URL(attr("api-url"), loc.href).href;
  } catch (e) {
    warn(e);
  }

  // v: visitor, 365 days; s: session, 30 minutes renewed by each accepted event.
  const IDS = { v: ["datafast_visitor_id", "", 31536000], s: ["datafast_session_id", "s", 1800] };
  const valid = (k, v) =>
    new RegExp(`^${IDS[k][1]}[\\da-f]{8}-[\\da-f]{4}-[1-8][\\da-f]{3}-[89ab][\\da-f]{3}-[\\da-f]{12}$`).test(v);
  const store = (k, v) => {
    const scope = under(host, domain) ? `; domain=.${domain}` : "";
    const secure = loc.protocol === "https:" ? "; Secure" : "";
    // biome-ignore lint/suspicious/noDocumentCookie: no Cookie Store API in Firefox, older Safari.
    d.cookie = `${IDS[k][0]}=${v}; max-age=${IDS[k][2]}; path=/; SameSite=Lax${scope}${secure}`;
    return v;
  };
  const uuid = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16),
        );
  const id = (k) => {
    const v = (d.cookie.match(new RegExp(`(?:^|; )${IDS[k][0]}=([^;]*)`)) || [])[1];
    return valid(k, v) ? v : store(k, IDS[k][1] + uuid());
  };

  // Cross-domain: adopt ids passed in the URL by an allowed site, then strip them.
  const here = new URL(loc.href);
  for (const k of "vs") {
    const v = here.searchParams.get(`_df_${k}id`);
    if (v === null) continue;
    if (valid(k, v)) store(k, v);
    here.searchParams.delete(`_df_${k}id`);
    history.replaceState(history.state, "", here.href);
  }
  store("v", id("v"));

  const AD_IDS = "gclid gclsrc wbraid gbraid li_fat_id fbclid msclkid ttclid twclid".split(" ");
  const send = (type, extraData) => {
    try {
      const body = {
        websiteId,
        domain,
        type,
        href: loc.href,
        referrer: d.referrer || null,
        visitorId: id("v"),
        sessionId: id("s"),
        viewport: { width: w.innerWidth, height: w.innerHeight },
      };
      const params = new URL(loc.href).searchParams;
      const ads = {};
      for (const k of AD_IDS) if (params.get(k)) ads[k] = params.get(k);
      if (Object.keys(ads).length) body.adClickIds = ads;
      if (extraData) body.extraData = extraData;
      const json = JSON.stringify(body);
      const renew = () => store("s", body.sessionId);
      if (!w.fetch) return navigator.sendBeacon(api, new Blob([json], { type: "application/json" })) && renew();
      fetch(api, { method: "POST", headers: { "Content-Type": "application/json" }, body: json, keepalive: true })
        .then((r) => (r.ok ? renew() : warn(r.status)))
        .catch(warn);
    } catch (e) {
      warn(e);
    }
  };

  const custom = (name, params) => {
    const eventName = `${name}`
      .toLowerCase()
      .trim()
      .replace(/\s+/g, "_")
      .replace(/[^a-z0-9_:-]/g, "")
      .slice(0, 64);
    if (!eventName) return warn(`bad event name: ${name}`);
    const extra = { eventName };
    const keys = Object.keys(params).filter((k) => /^[\w-]{1,64}$/.test(k) && params[k] != null);
    if (keys.length > 10) warn("max 10 params");
    for (const k of keys.slice(0, 10)) {
      const v = params[k];
      extra[k.toLowerCase()] = (typeof v === "object" ? JSON.stringify(v) : `${v}`)
        .replace(/[<>'"&]|(javascript|vbscript|data):|on\w+=/gi, "")
        .trim()
        .slice(0, 255);
    }
    send("custom", extra);
  };
  const datafast = (name, params) => {
    try {
      const p = params && typeof params === "object" ? params : {};
      if (name === "identify") {
        if (p.user_id == null || p.user_id === "") return warn("identify needs user_id");
        send("identify", Object.assign({ name: "" }, p, { user_id: `${p.user_id}` }));
      } else if (name === "payment") {
        if (!p.email) return warn("payment needs email");
        send("payment", { email: `${p.email}` });
      } else custom(name, p);
    } catch (e) {
      warn(e);
    }
  };
  datafast.kg = 1;
  w.datafast = datafast;

  // The same URL again within 60 s (a reload) is not a new pageview.
  const pageview = () => {
    try {
      const last = JSON.parse(sessionStorage.getItem("datafast_pageview_state")) || {};
      if (last.url === loc.href && Date.now() - last.time < 60000) return;
      sessionStorage.setItem("datafast_pageview_state", JSON.stringify({ time: Date.now(), url: loc.href }));
    } catch (e) {
      warn(e);
    }
    send("pageview");
  };
  let path = loc.pathname;
  let timer;
  const navigated = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (loc.pathname === path) return;
      path = loc.pathname;
      pageview();
    }, 100);
  };
  for (const m of ["pushState", "replaceState"]) {
    const original = history[m];
    history[m] = function (...args) {
      const result = original.apply(this, args);
      navigated();
      return result;
    };
  }
  w.addEventListener("popstate", navigated);

  const goal = (t) => {
    const params = {};
    for (const a of Array.from(t.attributes))
      if (a.name.startsWith("data-fast-goal-")) params[a.name.slice(15).replace(/-/g, "_")] = a.value;
    custom(t.getAttribute("data-fast-goal"), params);
  };
  const listen = (type, handler) =>
    d.addEventListener(
      type,
      (e) => {
        try {
          if (e.target instanceof Element) handler(e.target, e);
        } catch (err) {
          warn(err);
        }
      },
      true,
    );
  listen("click", (t) => {
    const g = t.closest("[data-fast-goal]");
    if (g) goal(g);
    const a = t.closest("a[href]");
    const u = a && new URL(a.href, loc.href);
    if (!u || !/^https?:$/.test(u.protocol) || u.hostname === host || under(u.hostname, domain)) return;
    if (!allowed.some((root) => under(u.hostname, root)))
      return send("external_link", { url: a.href, text: a.textContent.trim().slice(0, 255) });
    for (const k of "vs") u.searchParams.set(`_df_${k}id`, id(k));
    a.href = u.href;
  });
  // Native controls already turn Enter/Space into a click.
  listen("keydown", (t, e) => {
    const native = ":not(button):not(input):not(summary):not(a[href])";
    if (/^(Enter| )$/.test(e.key) && t.matches(`[data-fast-goal]${native}`)) goal(t);
  });

  pageview();
  for (const args of (stub && stub.q) || []) datafast.apply(null, Array.from(args));
})();
