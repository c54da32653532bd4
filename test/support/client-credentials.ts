/** A bearer token from an OAuth token endpoint by the client credentials grant, the client authenticated with HTTP Basic, as a CRM gets one. */
export async function clientCredentialsToken(tokenUrl: string, { clientId, clientSecret }: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  if (!response.ok) throw new Error(`the token request was refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
