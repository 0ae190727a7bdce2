import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { CredentialStore } from "./credentials.ts";
import { GameApi } from "./GameApi.ts";
import { formatStatus, formatSummary } from "./statusLine.ts";
import { Tracker } from "./Tracker.ts";

const USAGE = `levelup-track: earn LevelUP Coder XP for the code you write, in any editor.

  levelup-track --login [--server URL] [--username NAME --password PASS]
      sign in once; the refresh token is kept in your config folder (mode 0600)
  levelup-track [FOLDER] [--project NAME]
      track FOLDER (default: the current folder) until Ctrl-C, then show the rewards

Options:
  --server URL   game server (default: the one you signed in to, else http://localhost:2567)
  --help         this text`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      login: { type: "boolean" },
      server: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      project: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const store = new CredentialStore();
  if (values.login) return login(store, values);
  return track(store, positionals[0] ?? ".", values);
}

async function login(
  store: CredentialStore,
  opts: { server?: string; username?: string; password?: string },
): Promise<number> {
  const saved = await store.load();
  const server = opts.server ?? saved?.server ?? "http://localhost:2567";
  const username = opts.username ?? (await ask("Username or email: "));
  const password = opts.password ?? (await ask("Password: ", true));
  const tokens = await new GameApi(server).login(username, password);
  await store.save({ server, username, refreshToken: tokens.refresh_token });
  console.log(`Signed in to ${server} as ${username}. Credentials saved in ${store.file}`);
  return 0;
}

async function track(store: CredentialStore, folder: string, opts: { server?: string; project?: string }) {
  const saved = await store.load();
  if (!saved) {
    console.error("Not signed in: run `npx levelup-track --login` first.");
    return 1;
  }
  if (opts.server && opts.server !== saved.server) {
    console.error(`Signed in to ${saved.server}; run --login --server ${opts.server} to switch.`);
    return 1;
  }
  const tty = process.stdout.isTTY;
  let lastStatus = "";
  const show = (line: string) => {
    if (line === lastStatus) return;
    lastStatus = line;
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
  };
  const notice = (message: string) => {
    if (tty) process.stdout.write("\r\x1b[2K");
    console.log(message);
    if (tty) process.stdout.write(lastStatus);
  };
  // The SDK narrates its reconnection attempts on console.info; the status line says it already.
  console.info = () => {};

  const tracker = await Tracker.start({
    folder,
    store,
    projectName: opts.project,
    onStatus: (s) => show(formatStatus(s)),
    onNotice: notice,
  });
  notice(`Tracking ${folder} (session ${tracker.sessionId}). Press Ctrl-C to end the session.`);

  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  notice("Ending the session…");
  const { session, rewards } = await tracker.stop();
  if (tty) process.stdout.write("\r\x1b[2K");
  console.log(formatSummary({ ...rewards, lines: session.linesWritten }));
  return 0;
}

/** Reads one line from the terminal; `hidden` keeps a password off the screen. */
function ask(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    const writer = rl as unknown as { _writeToOutput: (s: string) => void };
    writer._writeToOutput = (s: string) => {
      if (s.startsWith(question) || s.includes("\n")) process.stdout.write(s.startsWith(question) ? question : "\n");
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    }),
  );
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`\nlevelup-track: ${err.message}`);
    process.exit(1);
  },
);
