export default function Home() {
  return (
    <main>
      <h1>Keygate</h1>
      <p>Website API keys, account tokens and team roles for your analytics, behind one policy engine.</p>
      <ul>
        <li>
          <a href="/api/v1/reference">REST API reference</a> (OpenAPI document at <code>/api/v1/openapi.json</code>)
        </li>
      </ul>
    </main>
  );
}
