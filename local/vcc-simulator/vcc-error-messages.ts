/** VCC's error texts, verbatim from its documentation (including its grammar). */

export const unknownAccountConfiguration = (accountName: string, id: number): string =>
  `Account configuration does not exists for account: ${accountName}, configuration Id: ${id}.`;

export const providerInvalidClientKey = (): string => "Provider's authorization endpoint returned error message 'invalid_client_key'";

export const providerInvalidClient = (accountName: string, id: number): string =>
  `Provider's authorization endpoint returned error message 'invalid_client'/'invalid_client' for account name: ${accountName}, configuration id: ${id}`;
