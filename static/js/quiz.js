// Taking a quiz: every answer is saved as it is given, unsent answers wait in localStorage until
// the connection returns, and the countdown hands the attempt in when the time is up.
// The page works without this file (plain forms); texts come from data-text-* attributes.
"use strict";

(() => {
  const form = document.getElementById("quiz-form");
  const timer = document.querySelector(".quiz-timer");
  const status = document.querySelector(".quiz-status");
  const pageToken = document.querySelector("[name=csrfmiddlewaretoken]")?.value || "";
  // Django's CSRF cookie when there is one: signing in again (in another tab) renews it, and
  // the page's own token would then be refused.
  const csrf = () =>
    document.cookie
      .split("; ")
      .find((c) => c.startsWith("csrftoken="))
      ?.slice("csrftoken=".length) || pageToken;
  const RETRY_MS = 5000;
  const TYPING_MS = 800;
  // A request that hangs (a stalled connection, a gateway waiting on a dead server) is given
  // up after this long and tried again, instead of holding every later answer behind it.
  const timeout = () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 15_000);
    return controller.signal;
  };

  let queue = {}; // question position -> [[field name, value], ...]; the latest answer wins
  let end = null; // when the countdown reaches zero (ms); the server may move it (more time)
  let stopped = false; // the attempt is closed: nothing more can be saved
  let running = null; // the flush in progress
  let warned = false; // the countdown said "less than five minutes"
  let handingIn = false; // the countdown reached zero: sending what is left, then handing in

  // Only a change is written: a screen reader reads out every write to a live region.
  const say = (message) => {
    if (status && status.textContent !== message) status.textContent = message;
  };

  // The teacher may give more time (or less) while the page is open: the server says how much
  // is left with every save, with the page's check once a minute, and in place of the hand-in
  // the countdown asks for while time is left.
  const follow = (data) => {
    if (!timer || typeof data?.remaining !== "number") return;
    // Once past the deadline, "nothing left" must not move it: the grace runs from it.
    if (data.remaining > 0 || end > Date.now()) end = Date.now() + data.remaining * 1000;
    if (data.remaining > 300) {
      warned = false; // warned again when the new time runs low
      timer.classList.remove("quiz-timer-low");
    }
    const until = timer.querySelector(".quiz-until");
    if (until && data.until) until.textContent = data.until;
  };

  // --- autosave --------------------------------------------------------------------------

  const text = form ? form.dataset : {};
  const key = form ? `kerjasama-quiz-${form.dataset.attempt}` : "";
  const typing = {}; // position -> timeout of a text still being typed

  let kept = false; // the unsent answers are in localStorage: leaving the page loses nothing
  let signingIn = false; // the student follows "Sign in again"
  let refused = []; // positions of the answers the server refused once the attempt closed

  // The device's copy: position -> {pairs, at} (when the answer was given), shared by every tab
  // of this attempt. The latest answer to a question wins whichever tab gave it, and one this
  // tab has just `saved` (position -> its time) goes unless a tab has answered again since.
  const given = {}; // position -> when the queued answer was given
  // This device's random name, the same in every tab: the server refuses another device's old
  // copy of an answer over a later one, never this device's own (its tabs share one copy).
  const device = (() => {
    try {
      let name = localStorage.getItem("kerjasama-device");
      if (!/^[0-9a-f]{32}$/.test(name || "")) {
        const bytes = crypto.getRandomValues(new Uint8Array(16));
        name = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
        localStorage.setItem("kerjasama-device", name);
      }
      return name;
    } catch {
      return ""; // nothing kept on this device: its answers count as they arrive
    }
  })();
  const readCopy = () => {
    const copy = JSON.parse(localStorage.getItem(key)) || {};
    for (const [position, entry] of Object.entries(copy)) {
      if (Array.isArray(entry)) copy[position] = { pairs: entry, at: 0 }; // kept by an older page
    }
    return copy;
  };
  const store = (saved = {}) => {
    try {
      const copy = readCopy();
      for (const [position, at] of Object.entries(saved)) {
        if (copy[position] && copy[position].at <= at) delete copy[position];
      }
      for (const [position, pairs] of Object.entries(queue)) {
        if (!copy[position] || copy[position].at <= given[position]) {
          copy[position] = { pairs, at: given[position] };
        }
      }
      if (Object.keys(copy).length) localStorage.setItem(key, JSON.stringify(copy));
      else localStorage.removeItem(key);
      kept = true;
    } catch {
      kept = false; // private mode or a full disk: the queue still lives as long as the page
    }
  };

  const fieldsetAt = (position) =>
    form.querySelector(`fieldset.question[data-position="${position}"]`);

  const mark = (position, message, state) => {
    const line = fieldsetAt(position)?.querySelector(".save-state");
    if (line && line.textContent !== message) line.textContent = message;
    if (line) line.dataset.state = state;
  };

  const isChoice = (el) => el.type === "radio" || el.type === "checkbox";

  const fieldsOf = (fieldset) =>
    [...fieldset.elements]
      .filter((el) => el.name && !el.disabled && (!isChoice(el) || el.checked))
      .map((el) => [el.name, el.value]);

  const restore = (fieldset, pairs) => {
    for (const el of fieldset.elements) {
      if (!el.name || el.type === "hidden") continue;
      if (isChoice(el)) el.checked = pairs.some(([n, v]) => n === el.name && v === el.value);
      else el.value = (pairs.find(([n]) => n === el.name) || [null, ""])[1];
    }
  };

  const enqueue = (fieldset) => {
    if (stopped) return;
    const position = fieldset.dataset.position;
    clearTimeout(typing[position]);
    delete typing[position];
    queue[position] = fieldsOf(fieldset);
    given[position] = Date.now();
    store();
    mark(position, text.textSaving, "saving");
  };

  const enqueueTyping = () => {
    for (const position of Object.keys(typing)) enqueue(fieldsetAt(position));
  };

  // The attempt is closed (time up, or handed in from another tab): what is still queued can no
  // longer count, and each such question says so (a hand-in under way names them too).
  const stop = (message) => {
    stopped = true;
    for (const position of Object.keys(typing)) clearTimeout(typing[position]);
    refused = [...new Set([...Object.keys(queue), ...Object.keys(typing)])];
    for (const position of refused) mark(position, text.textNotSaved, "error");
    queue = {};
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing kept
    }
    for (const el of form.elements) el.disabled = true;
    if (timer) timer.querySelector(".quiz-clock-wrap").hidden = true; // its time means nothing now
    const box = document.querySelector(".quiz-stopped");
    box.querySelector(".quiz-stopped-message").textContent = message;
    box.hidden = false;
    box.scrollIntoView({ block: "center" });
  };

  // The session ended (expired, or signed out in another tab): the save was sent to the sign-in
  // page instead. Retrying cannot help; say so, keep the answers here, offer to sign in again
  // (which comes back to this attempt, where the kept answers are sent).
  const signedOut = (response) => {
    const login = new URL(form.dataset.loginUrl, location.href).pathname;
    if (!response.redirected || new URL(response.url).pathname !== login) return false;
    for (const position of Object.keys(queue)) mark(position, text.textSignedOut, "waiting");
    say("");
    const box = document.querySelector(".quiz-signed-out");
    // Shown (and read out: role=alert), but the focus stays where the student is typing: moved
    // to the link, the next keys would be lost and Enter would leave the page.
    if (box.hidden) {
      box.hidden = false;
      if (!form.contains(document.activeElement)) {
        box.scrollIntoView({ block: "center" });
        box.querySelector("a").focus({ preventScroll: true });
      }
    }
    return true;
  };

  // A form post that asks for the server's answer in JSON: answers, the submit page, the hand-in.
  const post = (url, pairs) =>
    fetch(url, {
      method: "POST",
      body: new URLSearchParams([...pairs, ["csrfmiddlewaretoken", csrf()]]),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: timeout(),
    });

  // Answers other tabs of this attempt gave later, or could not send, join this tab's queue
  // (and its form): at the hand-in or Finish, they would otherwise wait for a page that may
  // never open again.
  const adoptOtherTabs = () => {
    try {
      for (const [position, entry] of Object.entries(readCopy())) {
        if (!(position in queue) || entry.at > given[position]) {
          queue[position] = entry.pairs;
          given[position] = entry.at;
          const fieldset = fieldsetAt(position);
          if (fieldset) restore(fieldset, entry.pairs);
        }
      }
    } catch {
      // nothing kept on this device
    }
  };

  const failing = new Set(); // positions the server failed to save: tried after the others

  // Send the queue one question at a time until it is empty. Without a connection it waits
  // for one; a question the server fails to save is tried again later, after the others.
  const run = async () => {
    let failed = false;
    let offline = false;
    while (!stopped && !failed && Object.keys(queue).length) {
      const positions = Object.keys(queue).sort((a, b) => failing.has(a) - failing.has(b));
      for (const position of positions) {
        const pairs = queue[position];
        const at = given[position];
        if (pairs === undefined) continue; // sent meanwhile (a hand-in's flush)
        mark(position, text.textSaving, "saving");
        let response = null;
        let data = null;
        let hung = false;
        try {
          // Where and how long ago it was given: the server keeps an answer given later on
          // another device over this one, should this be an old copy sent late.
          const ago = at ? [["given_ago", Date.now() - at]] : [];
          response = await post(form.action, [...pairs, ...ago, ["device", device]]);
        } catch (error) {
          hung = error.name === "AbortError"; // no answer within the time: not "offline"
          offline = !hung;
        }
        if (response && signedOut(response)) return;
        try {
          data = response && (await response.json());
        } catch {
          // not JSON: a server error page
        }
        if (data && response.status === 409) {
          stop(data.message);
          return;
        }
        if (data && (data.ok || response.status === 400)) {
          failing.delete(position);
          follow(data);
          document.querySelector(".quiz-signed-out").hidden = true; // signed in again elsewhere
          if (queue[position] === pairs) delete queue[position]; // else changed meanwhile
          store({ [position]: at });
          if (!queue[position]) {
            mark(position, data.ok ? text.textSaved : data.message, data.ok ? "saved" : "error");
          }
          continue;
        }
        failed = true;
        if (!offline || hung) failing.add(position);
        mark(position, offline ? text.textWaiting : text.textRetrying, "waiting");
        if (offline) break; // the others would not get through either
      }
    }
    if (offline) for (const position of Object.keys(queue)) mark(position, text.textWaiting, "waiting");
    if (!handingIn) say(offline ? text.textOffline : ""); // else "time is up" stays
  };

  const flush = () => {
    if (!running) running = run().finally(() => (running = null));
    return running;
  };

  if (form) {
    form.classList.add("quiz-live"); // answers save themselves: the Save button can go
    try {
      for (const [position, entry] of Object.entries(readCopy())) {
        queue[position] = entry.pairs;
        given[position] = entry.at;
      }
    } catch {
      queue = {};
    }
    // Answers this device could not send before (a reload while offline) win over the page's.
    for (const [position, pairs] of Object.entries(queue)) {
      const fieldset = fieldsetAt(position);
      if (fieldset) restore(fieldset, pairs);
    }
    flush();

    form.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset.question");
      if (!fieldset || stopped) return;
      enqueue(fieldset);
      flush();
    });
    form.addEventListener("input", (event) => {
      // A paste longer than the box holds is cut without a word: the limit under it turns red.
      const limit = document.getElementById(event.target.getAttribute("aria-describedby") || "");
      if (limit && event.target.maxLength > 0) {
        limit.classList.toggle("text-danger", event.target.value.length >= event.target.maxLength);
      }
      const fieldset = event.target.closest("fieldset.question");
      if (!fieldset || stopped || isChoice(event.target) || event.target.tagName === "SELECT") {
        return;
      }
      const position = fieldset.dataset.position;
      clearTimeout(typing[position]);
      typing[position] = setTimeout(() => {
        enqueue(fieldset);
        flush();
      }, TYPING_MS);
    });
    // With this script, Finish sends what is queued first and leaves only once it is saved.
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (stopped) return;
      enqueueTyping();
      if (event.submitter?.value === "finish") adoptOtherTabs();
      await flush();
      if (!stopped && !Object.keys(queue).length && event.submitter?.value === "finish") {
        location.assign(form.dataset.submitUrl);
      }
    });
    window.addEventListener("online", flush);
    window.addEventListener("offline", () => say(text.textOffline));
    setInterval(() => Object.keys(queue).length && flush(), RETRY_MS);
    document
      .querySelector(".quiz-signed-out a")
      ?.addEventListener("click", () => (signingIn = true));
    // A phone may close a tab in the background without `beforeunload`: keep what is being
    // typed on the device as soon as the page is out of view.
    const keepTyping = () => {
      if (stopped || !Object.keys(typing).length) return;
      enqueueTyping();
      flush();
    };
    window.addEventListener("pagehide", keepTyping);
    document.addEventListener("visibilitychange", () => document.hidden && keepTyping());
    window.addEventListener("beforeunload", (event) => {
      enqueueTyping();
      if (!stopped && Object.keys(queue).length && !(signingIn && kept)) event.preventDefault();
    });
  }

  // --- the submit page ---------------------------------------------------------------------

  // Submitting without a connection would show the browser's error page: say so here instead,
  // and let the student press again. Anything but a reply in JSON (signed out, say) is left to
  // the browser, as without this script.
  const submitForm = document.querySelector("form.quiz-submit");
  submitForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = event.submitter;
    if (button) button.disabled = true;
    let response = null;
    try {
      response = await post(submitForm.action, []);
    } catch {
      say(submitForm.dataset.textOffline);
      if (button) button.disabled = false;
      return;
    }
    const data = response.ok ? await response.json().catch(() => null) : null;
    if (data?.url) location.assign(data.url);
    else submitForm.submit();
  });

  // --- countdown -------------------------------------------------------------------------

  if (!timer) return;
  end = Date.now() + Number(timer.dataset.remaining) * 1000;
  const clock = timer.querySelector(".quiz-clock");
  const pad = (n) => String(n).padStart(2, "0");
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // The teacher gave more time: the countdown goes on, and so does answering.
  const goOn = () => {
    if (form) for (const el of form.elements) el.disabled = false;
    say("");
    handingIn = false;
  };

  // Send what is queued, again and again while the server still takes answers (a short grace
  // after the deadline), then hand in, naming any answer that could not be sent.
  const grace = Number(timer.dataset.grace || 0) * 1000;
  const handIn = async () => {
    say(timer.dataset.textTimeUp);
    if (form) {
      enqueueTyping();
      adoptOtherTabs();
      for (const el of form.elements) el.disabled = true;
    }
    await askTime(); // more time given since the last save? then nothing is handed in
    if (Date.now() < end) {
      goOn();
      return;
    }
    for (;;) {
      if (form && !stopped) await flush();
      while (form && !stopped && Object.keys(queue).length && Date.now() < end + grace - 2000) {
        if (Date.now() < end) break; // a save's reply brought more time: ask below
        await sleep(1000);
        await flush();
      }
      const unsent = stopped ? refused : Object.keys(queue);
      let response = null;
      let data = null;
      try {
        response = await post(timer.dataset.submitUrl, [
          ["time_up", "1"], // refused while the teacher's extra time lasts
          ["unsent", unsent.join(",")],
        ]);
        data = await response.json();
      } catch {
        // offline, or a server error page: the server closes the attempt at its deadline
        // anyway; try again shortly, and show it when back
      }
      if (data?.code === "more_time") {
        follow(data);
        goOn();
        return;
      }
      // Handed in, or sent to sign in: leave. Anything else (a server error, a page of the
      // network's own) is tried again: leaving for the attempt's page, still open, would hand
      // it in again and again.
      if (data?.url || response?.redirected) {
        stopped = true; // nothing can be saved any more: leave without a warning
        location.assign(data?.url || timer.dataset.attemptUrl);
        return;
      }
      await sleep(RETRY_MS);
    }
  };

  const tick = () => {
    if (stopped) return; // the attempt is closed: its time means nothing now
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    clock.textContent = `${Math.floor(left / 3600)}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
    if (left < 86400) clock.parentElement.hidden = false;
    if (left <= 300 && !warned) {
      warned = true;
      timer.classList.add("quiz-timer-low");
      if (left > 0) say(timer.dataset.textFewMinutes);
    }
    if (left === 0 && !handingIn) {
      handingIn = true;
      handIn();
    }
  };
  tick();
  setInterval(tick, 1000);

  // Now and then, and when the page comes back into view, ask how much time is left: the
  // teacher may have cut it (or closed the quiz) while the student reads without saving.
  const check = () => !stopped && !handingIn && askTime();
  async function askTime() {
    try {
      const response = await fetch(timer.dataset.timeUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: timeout(),
      });
      if (response.ok) follow(await response.json());
    } catch {
      // offline, or signed out (the sign-in page is not JSON): the next check or save tells
    }
  }
  setInterval(check, 60_000);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) check();
  });
  window.addEventListener("online", check);
})();
