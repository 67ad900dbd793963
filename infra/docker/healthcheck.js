// Docker HEALTHCHECK: exit 0 when GET /health/live answers 2xx within 2 s. The slim Node image
// has no curl or wget, and Node.js has fetch built in.
const port = process.env.HTTP_PORT || '8080';
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
