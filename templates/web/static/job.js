// While a job runs: ask its status every second and reload the page when the state or the number
// of documents made changes. Without this script the page has a link to reload it.
(() => {
  const job = document.getElementById("job");
  if (!job) return;
  const check = async () => {
    try {
      const response = await fetch(job.dataset.status, {headers: {accept: "application/json"}, cache: "no-store"});
      if (response.ok) {
        const now = await response.json();
        if (now.state !== job.dataset.state || String(now.documents) !== job.dataset.documents) {
          window.location.reload();
          return;
        }
      }
    } catch (error) { /* the server may be busy: try again */ }
    window.setTimeout(check, 1000);
  };
  window.setTimeout(check, 1000);
})();
