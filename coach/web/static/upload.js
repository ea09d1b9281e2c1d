// Import: send the files with XMLHttpRequest so the progress bar can show the upload.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("import-form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const bar = document.getElementById("import-progress");
    bar.classList.remove("hidden");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total; };
    xhr.onload = () => { document.open(); document.write(xhr.responseText); document.close(); };
    xhr.send(new FormData(form));
  });
});
