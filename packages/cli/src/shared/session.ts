import type { Command, OptionValues } from 'commander';
import { createApiClient, type ApiClient } from './client.js';
import { configFilePath, readConfigFile, writeConfigFile } from './config-file.js';
import { CliError, usageError } from './errors.js';
import { createLiveClient, type LiveClient } from './live-client.js';
import type { CliIo } from './output.js';

export const defaultUrl = 'http://127.0.0.1:3000';

/** The options every command accepts, declared on the program. */
export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** Where a command talks to and how it answers. */
export interface Session {
  readonly io: CliIo;
  readonly url: string;
  readonly json: boolean;
  readonly configPath: string;
  /** A client without credentials, for signup and login. */
  anonymous(): ApiClient;
  /** A client sending the token; fails when there is none. */
  signedIn(): ApiClient;
  /** The bearer token, for plain HTTP the typed client does not cover (streamed downloads); fails when there is none. */
  bearer(): string;
  /** A WebSocket client sending the token, for subscriptions; close it when done. */
  live(): LiveClient;
  /** Remembers the server and a new token in the config file. */
  saveToken(token: string): Promise<void>;
  /** Prints the raw result with --json, else the text. */
  print(result: unknown, text: () => string): void;
}

function normalizeUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${source}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`${source}: must be an http:// or https:// URL`);
  }
  return url.toString().replace(/\/+$/, '');
}

function pickUrl(options: GlobalOptions, io: CliIo, saved: string | undefined): string {
  if (options.url !== undefined) return normalizeUrl(options.url, '--url');
  if (io.env['OCORE_URL']) return normalizeUrl(io.env['OCORE_URL'], 'OCORE_URL');
  if (saved) return normalizeUrl(saved, 'the config file url');
  return defaultUrl;
}

/**
 * Resolves the server and token: flag, then environment, then config file. The saved
 * token is only sent to the server it was issued by, never to another `--url`.
 */
export async function openSession(command: Command, io: CliIo): Promise<Session> {
  const options = command.optsWithGlobals<GlobalOptions & OptionValues>();
  const configPath = configFilePath(io.env);
  const saved = await readConfigFile(configPath);
  const url = pickUrl(options, io, saved.url);
  const savedIsForUrl = normalizeUrl(saved.url ?? defaultUrl, 'the config file url') === url;
  const token = options.token || io.env['OCORE_TOKEN'] || (savedIsForUrl ? saved.token : undefined);
  const requireToken = (): string => {
    if (!token) throw new CliError(`not signed in to ${url}: run \`ocore login --email <email>\`, or pass --token`);
    return token;
  };
  return {
    io,
    url,
    json: options.json === true,
    configPath,
    anonymous: () => createApiClient(url, undefined),
    signedIn: () => createApiClient(url, requireToken()),
    bearer: requireToken,
    live: () => createLiveClient(url, requireToken()),
    saveToken: (newToken) => writeConfigFile(configPath, { url, token: newToken }),
    print: (result, text) => {
      io.stdout.write(options.json ? `${JSON.stringify(result ?? null, null, 2)}\n` : `${text()}\n`);
    },
  };
}

/** Adapts a handler to commander: it gets the session, the command's options and operands. */
export function withSession<O extends OptionValues>(
  io: CliIo,
  handler: (session: Session, options: O, operands: string[]) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    const session = await openSession(command, io);
    await handler(session, command.opts<O>(), command.processedArgs as string[]);
  };
}

/**
 * Adapts a command whose first argument is required (`<ref>`): commander refuses the command
 * without it, so the handler gets it as a string.
 */
export function withRef<O extends OptionValues>(
  io: CliIo,
  handler: (session: Session, options: O, ref: string) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return withSession<O>(io, (session, options, [ref]) => {
    if (ref === undefined) throw new Error('the command needs its first argument');
    return handler(session, options, ref);
  });
}

/**
 * Adapts a command that asks the server for one thing and prints it: the raw result with
 * --json, else `format`'s text.
 */
export function withQuery<T>(
  io: CliIo,
  query: (api: ApiClient) => Promise<T>,
  format: (result: T, session: Session) => string,
): (...args: unknown[]) => Promise<void> {
  return withSession(io, async (session) => {
    const result = await query(session.signedIn());
    session.print(result, () => format(result, session));
  });
}

/** withQuery for a list the server sends whole: the raw list with --json, else `format`'s table of its items. */
export function withList<T>(
  io: CliIo,
  query: (api: ApiClient) => Promise<{ items: T[] }>,
  format: (items: readonly T[]) => string,
): (...args: unknown[]) => Promise<void> {
  return withQuery(io, query, (list) => format(list.items));
}
