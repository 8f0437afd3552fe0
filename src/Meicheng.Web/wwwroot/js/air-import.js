// The air-quality import form of the admin page (/environment/imports): post the file, then poll the import until it has
// finished, and show the rejected rows. Loaded as a module from the static-asset manifest; no inline script.
function importForm() {
  var form = document.getElementById("air-import-form");
  if (!form) return;
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var result = document.getElementById("import-result");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    form.querySelector("button").disabled = true;
    bar.value = 0;
    status.textContent = "上传中…";
    result.innerHTML = "";
    fetch("/api/environment/air/imports", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      })
      .then(function (r) {
        if (!r.ok) throw new Error(r.body && r.body.errors ? Object.values(r.body.errors).flat().join("；") : "HTTP " + r.status);
        if (r.body.duplicate) {
          show(r.body, "同一文件已于导入 #" + r.body.id + " 写入，未重复写入。");
          return;
        }
        poll(r.body.id);
      })
      .catch(function (e) {
        status.textContent = "上传失败：" + e.message;
        form.querySelector("button").disabled = false;
      });
  });

  function poll(id) {
    fetch("/api/environment/air/imports/" + id, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (i) {
        bar.value = i.percent;
        status.textContent = "导入 #" + i.id + "：" + i.statusName + "（" + i.percent + "%，已读 " + i.rowsRead + " 行）";
        if (i.status === "queued" || i.status === "running") {
          setTimeout(function () { poll(id); }, 500);
        } else {
          show(i, null);
        }
      });
  }

  // The page renders its list of recent imports on the server; fetch it again so the finished import appears in it.
  function refreshList() {
    var section = document.getElementById("recent-imports");
    if (!section) return;
    fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("recent-imports");
        if (fresh) section.replaceWith(fresh);
      });
  }

  function show(i, note) {
    refreshList();
    form.querySelector("button").disabled = false;
    bar.value = 100;
    status.textContent = note || ("导入 #" + i.id + "：" + i.statusName + (i.error ? "。" + i.error : ""));
    var summary = document.createElement("p");
    summary.textContent = "读取 " + i.rowsRead + " 行，写入 " + i.rowsAccepted + " 行，拒绝 " + i.rowsRejected + " 行；日数据 " + i.daysStored + " 个站日。";
    result.appendChild(summary);
    if (i.rowsRejected > 0) {
      fetch("/api/environment/air/imports/" + i.id + "/rejections?take=200", { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (page) {
          var table = document.createElement("table");
          table.className = "grid";
          table.innerHTML = "<caption>被拒绝的行（共 " + page.total + " 行，显示前 " + page.rows.length + " 行）</caption>"
            + "<thead><tr><th scope=\"col\">行号</th><th scope=\"col\">字段</th><th scope=\"col\">类别</th><th scope=\"col\">原因</th></tr></thead>";
          var body = document.createElement("tbody");
          page.rows.forEach(function (row) {
            var tr = document.createElement("tr");
            [row.line, row.field, row.kindName, row.reason].forEach(function (v) {
              var td = document.createElement("td");
              td.textContent = v;
              tr.appendChild(td);
            });
            body.appendChild(tr);
          });
          table.appendChild(body);
          result.appendChild(table);
        });
    }
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", importForm);
else importForm();
